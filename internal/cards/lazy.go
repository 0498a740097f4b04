package cards

import (
	"regexp"
	"sync"
)

// lazyRE is a regular expression compiled on first use: every kb command is
// a fresh process, and most never read a card, so none pays for compiling
// these at start-up.
type lazyRE struct {
	once sync.Once
	src  string
	re   *regexp.Regexp
}

func lazy(src string) *lazyRE { return &lazyRE{src: src} }

func (l *lazyRE) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}
