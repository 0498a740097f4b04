package kb

import (
	"path/filepath"
	"strings"

	"github.com/kb-cli/kb/internal/fsutil"
)

// Layout says where each of kb's own files lies in the knowledge base at
// Root. Every path under .kb/ that kb reads or writes comes from here, so
// that moving one is one edit and a reader finds them all in one list.
type Layout struct{ Root string }

// At is the layout of the knowledge base at root.
func At(root string) Layout { return Layout{Root: root} }

func (l Layout) path(parts ...string) string {
	return filepath.Join(append([]string{l.Root, DirName}, parts...)...)
}

// Dir is the .kb folder itself: it marks the root, and the index lock's
// turnstile is taken on it.
func (l Layout) Dir() string { return l.path() }

// Committed with the notes: the user's data and settings.

// Config is the knowledge base's own config file.
func (l Layout) Config() string { return l.path("config.yaml") }

// GitIgnore keeps the caches and this machine's files out of git.
func (l Layout) GitIgnore() string { return l.path(".gitignore") }

// GitAttributes makes git merge the append-only logs by union.
func (l Layout) GitAttributes() string { return l.path(".gitattributes") }

// Reviews holds the review logs: the users' folders, and at the top the logs
// from before kb knew users.
func (l Layout) Reviews() string { return l.path("reviews") }

// UserReviews is one user's folder of review logs, one file a device (""
// is the top of Reviews, the layout from before users).
func (l Layout) UserReviews(user string) string {
	if user == "" {
		return l.Reviews()
	}
	return l.path("reviews", user)
}

// Templates holds the user's templates for new notes.
func (l Layout) Templates() string { return l.path("templates") }

// Template is the user's template for notes of type typ.
func (l Layout) Template(typ string) string { return l.path("templates", typ+".md") }

// Synonyms is the user's own synonym groups, added to kb's dictionary.
func (l Layout) Synonyms() string { return l.path("synonyms.txt") }

// Imports lists what kb import brought in, so no run creates a note twice.
func (l Layout) Imports() string { return l.path("imports.jsonl") }

// This machine's only (see the .gitignore Init writes).

// Recovery keeps the text kb saved when an editor failed.
func (l Layout) Recovery() string { return l.path("recovery") }

// Trash holds the notes kb rm removed, until kb restore.
func (l Layout) Trash() string { return l.path("trash") }

// IndexLock is the lock kb processes take to use the index.
func (l Layout) IndexLock() string { return l.path("index.lock") }

// Index is the search index's folder: a cache, rebuilt whenever needed.
// Besides Bleve's own files it holds kb's caches below.
func (l Layout) Index() string { return l.path("index") }

// Manifest records what the index holds of each note.
func (l Layout) Manifest() string { return l.path("index", "kb-manifest") }

// Journal holds what changed since the manifest, the titles and the card
// data were last written whole: a record per note changed.
func (l Layout) Journal() string { return l.path("index", "kb-journal") }

// CardData holds the cards of every note in the index.
func (l Layout) CardData() string { return l.path("index", "kb-cards") }

// Titles holds every note's title and aliases, for resolving links.
func (l Layout) Titles() string { return l.path("index", "kb-titles") }

// Vocabulary holds every word of the notes once (an FST), for typo and
// loanword look-ups; VocabularyDelta the words added since it was written.
func (l Layout) Vocabulary() string      { return l.path("index", "kb-vocab") }
func (l Layout) VocabularyDelta() string { return l.path("index", "kb-vocab-delta") }

// Folders caches what each folder of notes held when last listed, so the
// freshness check lists only folders that changed.
func (l Layout) Folders() string { return l.path("index", "kb-folders") }

// ReviewSnapshot caches the replay of the review logs. visitor is "" for
// the current user's; another user's (read only) has its own, so looking
// at theirs leaves yours alone.
func (l Layout) ReviewSnapshot(visitor string) string {
	if visitor == "" {
		return l.path("index", "review-snapshot")
	}
	return l.path("index", "review-snapshot-"+visitor)
}

// ParameterMetrics caches how well the scheduler's parameters predict the
// logged reviews (kb stats).
func (l Layout) ParameterMetrics() string { return l.path("index", "parameter-metrics.json") }

// Rel is p relative to the root, with slashes: what git and
// fsutil.MkdirInside take.
func (l Layout) Rel(p string) string {
	rel, err := filepath.Rel(l.Root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}

// Mkdir makes the folder p of the layout (and those above it, up to the
// root) and returns it. .kb is committed with the notes, so a link planted
// on the way is refused rather than followed (fsutil.MkdirInside).
func (l Layout) Mkdir(p string) (string, error) { return fsutil.MkdirInside(l.Root, l.Rel(p)) }

// Internal reports whether rel, a slash path relative to the root, is .kb
// or inside it: kb's own files, never a note.
func Internal(rel string) bool { return rel == DirName || strings.HasPrefix(rel, DirName+"/") }
