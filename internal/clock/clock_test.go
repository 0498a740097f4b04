package clock

import (
	"testing"
	"time"
)

func TestFromEnv(t *testing.T) {
	env := map[string]string{"KB_NOW": "2024-05-01T09:00:00+09:00"}
	c, err := FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if !c().Equal(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %v", c())
	}
	env["KB_NOW"] = "yesterday"
	if _, err := FromEnv(func(k string) string { return env[k] }); err == nil {
		t.Error("bad KB_NOW accepted")
	}
	delete(env, "KB_NOW")
	c, _ = FromEnv(func(k string) string { return env[k] })
	if d := time.Since(c()); d < 0 || d > time.Minute {
		t.Errorf("system clock off by %v", d)
	}
}
