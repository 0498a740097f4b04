package reviews

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
	"unsafe"

	"github.com/kb-cli/kb/internal/fsrs"
)

// The snapshot is read at every quiz command's start: a flat binary form,
// decoded field by field, costs a fraction of a reflective decoder's time.
// Times keep their zone offset (time.MarshalBinary), as printed dates use it.

type snapEncoder struct{ b []byte }

func (e *snapEncoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *snapEncoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *snapEncoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *snapEncoder) f64(f float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f))
}
func (e *snapEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *snapEncoder) time(t time.Time) {
	b, err := t.MarshalBinary()
	if err != nil { // a year beyond what kb can log; keep the instant in UTC
		b, _ = t.UTC().MarshalBinary()
	}
	e.str(string(b))
}

var errSnapshotCut = errors.New("cut short")

// snapDecoder reads from one string holding the whole file: the strings it
// returns are slices of it, not one allocation each.
type snapDecoder struct {
	s   string
	err error
}

func (d *snapDecoder) fail() {
	if d.err == nil {
		d.err = errSnapshotCut
	}
	d.s = ""
}

func (d *snapDecoder) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflow
			}
			d.s = d.s[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	d.fail()
	return 0
}

func (d *snapDecoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *snapDecoder) int() int { return int(d.varint()) }

// count reads a number of items that take at least one byte each, so that
// damage cannot ask for more memory than the file holds.
func (d *snapDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *snapDecoder) take(n int) string {
	if n > len(d.s) {
		d.fail()
		return ""
	}
	v := d.s[:n]
	d.s = d.s[n:]
	return v
}

func (d *snapDecoder) str() string { return d.take(d.count()) }

func (d *snapDecoder) f64() float64 {
	b := d.take(8)
	if len(b) < 8 {
		return 0
	}
	var u uint64
	for i := 7; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	return math.Float64frombits(u)
}

func (d *snapDecoder) bool() bool { return d.take(1) == "\x01" }

func (d *snapDecoder) time() time.Time {
	var t time.Time
	b := d.str() // UnmarshalBinary neither keeps nor changes its bytes: no copy
	if err := t.UnmarshalBinary(unsafe.Slice(unsafe.StringData(b), len(b))); err != nil {
		d.fail()
	}
	return t
}

func (snap *Snapshot) encode() []byte {
	e := &snapEncoder{b: make([]byte, 0, 64+snap.numStates()*96)}
	e.varint(int64(snap.Version))
	e.str(snap.Fingerprint)
	e.uvarint(uint64(len(snap.Files)))
	for _, f := range snap.Files {
		e.str(f.Name)
		e.varint(f.Size)
		e.b = append(e.b, f.Tail[:]...)
	}
	e.time(snap.LastAt)
	e.strs(snap.LastIDs)
	e.uvarint(uint64(snap.numStates()))
	memo := snap.joinValid()
	if memo { // in the order of the remembered match (join.go)
		for i, id := range snap.join.order {
			e.str(id)
			e.state(snap.join.states[i])
		}
	} else {
		for id, st := range snap.States() {
			e.str(id)
			e.state(st)
		}
	}
	e.uvarint(uint64(len(snap.Next)))
	for k, v := range snap.Next {
		e.str(k)
		e.str(v)
	}
	e.uvarint(uint64(len(snap.Days)))
	for day, n := range snap.Days {
		e.varint(int64(day))
		e.varint(int64(n))
	}
	e.uvarint(uint64(len(snap.Recall)))
	for day, r := range snap.Recall {
		e.varint(int64(day))
		e.varint(int64(r.Reviews))
		e.varint(int64(r.Again))
	}
	e.uvarint(uint64(len(snap.Problems)))
	for _, p := range snap.Problems {
		e.str(p.Path)
		e.varint(int64(p.Line))
		e.str(p.Msg)
		e.time(p.Future)
	}
	if snap.linksLazy { // never decoded: the bytes as they were read
		e.b = append(e.b, snap.linksRaw...)
	} else {
		e.set(snap.links.Cards)
		e.set(snap.links.Orphans)
	}
	e.bool(memo)
	if memo {
		e.b = append(e.b, snap.join.digest[:]...)
		e.uvarint(uint64(snap.join.joined))
	}
	return e.b
}

func (e *snapEncoder) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *snapEncoder) set(m map[string]bool) {
	e.uvarint(uint64(len(m)))
	for k, v := range m {
		e.str(k)
		e.bool(v)
	}
}

func (e *snapEncoder) state(st *State) {
	c := st.Card
	e.varint(int64(c.State))
	e.varint(int64(c.Step))
	e.f64(c.Stability)
	e.f64(c.Difficulty)
	e.time(c.Due)
	e.time(c.LastReview)
	e.varint(int64(c.Reps))
	e.varint(int64(c.Lapses))
	e.bool(st.Suspended)
	e.bool(st.Leech)
	e.time(st.BuriedUntil)
	e.str(st.Question)
	e.str(st.Path)
	e.str(st.Context)
	e.time(st.FirstReview)
	e.str(st.LastEvent)
}

// decodeSnapshot reads what encode wrote; maps left empty are nil, as the
// reflective decoder left them (readSnapshot fills them in).
func decodeSnapshot(b []byte) (*Snapshot, error) {
	// The strings are cut from b, not from a copy of it: callers hand over
	// a buffer they no longer write to.
	d := &snapDecoder{s: unsafe.String(unsafe.SliceData(b), len(b))}
	snap := &Snapshot{Version: d.int(), Fingerprint: d.str()}
	if n := d.count(); n > 0 {
		snap.Files = make([]fileMark, n)
		for i := range snap.Files {
			f := &snap.Files[i]
			f.Name, f.Size = d.str(), d.varint()
			copy(f.Tail[:], d.take(len(f.Tail)))
		}
	}
	snap.LastAt = d.time()
	snap.LastIDs = d.strs()
	ids, states := []string{}, []*State{}
	if n := d.count(); n > 0 {
		block := make([]State, n) // one allocation for every card's state
		ids, states = make([]string, n), make([]*State, n)
		for i := 0; i < n && d.err == nil; i++ {
			ids[i] = d.str()
			d.state(&block[i])
			states[i] = &block[i]
		}
	}
	snap.decIDs, snap.decStates = ids, states // States builds the map
	if n := d.count(); n > 0 {
		snap.Next = make(map[string]string, n)
		for i := 0; i < n && d.err == nil; i++ {
			k := d.str()
			snap.Next[k] = d.str()
		}
	}
	if n := d.count(); n > 0 {
		snap.Days = make(map[int]int, n)
		for i := 0; i < n && d.err == nil; i++ {
			k := d.int()
			snap.Days[k] = d.int()
		}
	}
	if n := d.count(); n > 0 {
		snap.Recall = make(map[int]Recall, n)
		for i := 0; i < n && d.err == nil; i++ {
			k := d.int()
			snap.Recall[k] = Recall{Reviews: d.int(), Again: d.int()}
		}
	}
	if n := d.count(); n > 0 {
		snap.Problems = make([]Problem, n)
		for i := range snap.Problems {
			p := &snap.Problems[i]
			p.Path, p.Line, p.Msg, p.Future = d.str(), d.int(), d.str(), d.time()
		}
	}
	links := d.s
	d.skipSet()
	d.skipSet()
	snap.linksRaw, snap.linksLazy = links[:len(links)-len(d.s)], true // Links decodes them
	if snap.Version >= 8 && d.bool() {                                // 7 had no join memo: it is read, then found outdated
		copy(snap.join.digest[:], d.take(len(snap.join.digest)))
		joined := d.uvarint()
		if joined > uint64(len(ids)) {
			d.fail() // more matched than there are states
		}
		snap.join.joined = int(joined)
		snap.join.order, snap.join.states = ids, states
	}
	if d.err == nil && len(d.s) != 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	return snap, nil
}

func (d *snapDecoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *snapDecoder) set() map[string]bool {
	n := d.count()
	if n == 0 {
		return nil
	}
	m := make(map[string]bool, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		m[k] = d.bool()
	}
	return m
}

// skipSet passes over what set would read.
func (d *snapDecoder) skipSet() {
	n := d.count()
	for i := 0; i < n && d.err == nil; i++ {
		d.str()
		d.bool()
	}
}

func (d *snapDecoder) state(st *State) {
	c := &st.Card
	c.State, c.Step = fsrs.State(d.int()), d.int()
	c.Stability, c.Difficulty = d.f64(), d.f64()
	c.Due, c.LastReview = d.time(), d.time()
	c.Reps, c.Lapses = d.int(), d.int()
	st.Suspended, st.Leech = d.bool(), d.bool()
	st.BuriedUntil = d.time()
	st.Question, st.Path, st.Context = d.str(), d.str(), d.str()
	st.FirstReview = d.time()
	st.LastEvent = d.str()
}
