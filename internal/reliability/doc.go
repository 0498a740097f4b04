// Package reliability holds the tests that try to break kb from outside:
// killing it at random points, running several kb processes at once, syncing
// two clones through git. They run the real binary.
package reliability
