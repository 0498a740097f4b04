package search

import "strings"

// ClosestTitles are up to k titles nearest to ref, for "did you mean" hints
// outside this package (kb check's broken links).
func ClosestTitles(all []NoteInfo, ref string, k int) []string {
	return closest(all, strings.ToLower(ref), k)
}
