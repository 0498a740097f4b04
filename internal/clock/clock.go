// Package clock gives kb the current time, which KB_NOW can fix for scripts
// and tests. Code that needs the time takes a Clock instead of calling time.Now.
package clock

import (
	"fmt"
	"time"
)

// Clock returns the current time.
type Clock func() time.Time

// System is the real clock.
func System() time.Time { return time.Now() }

// Fixed always returns t.
func Fixed(t time.Time) Clock { return func() time.Time { return t } }

// FromEnv returns a fixed clock when KB_NOW is set (RFC 3339), else the system clock.
func FromEnv(getenv func(string) string) (Clock, error) {
	v := getenv("KB_NOW")
	if v == "" {
		return System, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("KB_NOW=%q is not an RFC 3339 time like 2024-05-01T09:00:00+09:00", v)
	}
	return Fixed(t), nil
}
