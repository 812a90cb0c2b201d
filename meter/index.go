package meter

import (
	"cmp"
	"hash/maphash"
	"math/bits"
)

// The tables below are open-addressing hash sets with linear probing, each
// allocated once, sized to at most half full, and keyed through
// hash/maphash with a seed drawn per call: no input can make their probe
// sequences long (an adversary does not know the seed), and nothing per
// event is allocated. See the manual, section Speed.

// group is the events sharing one identifier: the first of them (the
// winner, manual section Identifiers), flags, and the winner's value,
// parsed while its payload is at hand (and reported only if the winner
// counts). 16 bytes.
type group struct {
	coef   int64 // the winner's value: coef x 10^-places
	winner int32
	places uint8
	bad    valueErr // the winner's value is invalid (valueMissing: absent)
	flags  uint8
}

func (gr *group) value() value { return value{coef: gr.coef, places: gr.places} }

const (
	groupConflict uint8 = 1 << iota // two different events share the identifier
	groupCanceled                   // a cancel adjustment names the identifier
)

// idIndex maps identifiers to groups.
type idIndex struct {
	seed     maphash.Seed
	mask     uint64
	slots    []uint64 // 0: empty; else hash>>32 << 32 | group+1
	groups   []group
	valueKey string // the payload key of values, "" when none is read
	touch    uint64 // sum of slots loaded ahead (see insertAll), unused
}

func tableSize(n int) int {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return size
}

func newIDIndex(seed maphash.Seed, n int, valueKey string) idIndex {
	size := tableSize(n)
	return idIndex{seed: seed, mask: uint64(size - 1), slots: make([]uint64, size), groups: make([]group, 0, n), valueKey: valueKey}
}

// setWinner makes event i the group's winner and reads its value.
func (x *idIndex) setWinner(gr *group, events []Event, i int) {
	gr.winner = int32(i)
	if x.valueKey == "" {
		return
	}
	raw, ok := events[i].Payload[x.valueKey]
	if !ok {
		gr.coef, gr.places, gr.bad = 0, 0, valueMissing
		return
	}
	v, bad := parseValue(raw)
	gr.coef, gr.places, gr.bad = v.coef, v.places, bad
}

// find returns the group of identifier id (hash h), or -1 and the empty
// slot where it would go.
func (x *idIndex) find(events []Event, id string, h uint64) (int32, uint64) {
	tag := h >> 32
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			return -1, i
		}
		if s>>32 == tag {
			g := int32(uint32(s)) - 1
			if events[x.groups[g].winner].Identifier == id {
				return g, i
			}
		}
	}
}

// batch is how many events insertAll hashes before it probes: their
// slots are loaded first, independently, so the cache misses of a large
// table overlap instead of following one another.
const batch = 32

// insertAll adds the events whose bits are set in cand, in index order.
func (x *idIndex) insertAll(events []Event, cand []uint64) {
	var idx [batch]int
	var hs [batch]uint64
	n := 0
	flush := func() {
		var touch uint64
		for k := 0; k < n; k++ {
			touch += x.slots[hs[k]&x.mask]
		}
		x.touch += touch
		for k := 0; k < n; k++ {
			x.insert(events, idx[k], hs[k])
		}
		n = 0
	}
	for wi, word := range cand {
		for word != 0 {
			i := wi<<6 | bits.TrailingZeros64(word)
			word &= word - 1
			idx[n], hs[n] = i, maphash.String(x.seed, events[i].Identifier)
			if n++; n == batch {
				flush()
			}
		}
	}
	flush()
}

// insert adds event i (a candidate, its identifier's hash h) to its group,
// creating the group.
func (x *idIndex) insert(events []Event, i int, h uint64) {
	id := events[i].Identifier
	g, slot := x.find(events, id, h)
	if g < 0 {
		x.groups = append(x.groups, group{})
		x.setWinner(&x.groups[len(x.groups)-1], events, i)
		x.slots[slot] = h>>32<<32 | uint64(len(x.groups))
		return
	}
	x.join(events, g, i)
}

// lookup returns the group of identifier id, or -1.
func (x *idIndex) lookup(events []Event, id string) int32 {
	if len(x.groups) == 0 {
		return -1
	}
	g, _ := x.find(events, id, maphash.String(x.seed, id))
	return g
}

// join adds event i to group g: it becomes the winner when it comes first
// (manual, section Identifiers); a second, different event marks a
// conflict. Joining an event already in the group changes nothing, so the
// outcome does not depend on the order of the events.
func (x *idIndex) join(events []Event, g int32, i int) {
	gr := &x.groups[g]
	c := compareFirst(&events[i], &events[gr.winner])
	if c == 0 {
		return // the same event, delivered again
	}
	gr.flags |= groupConflict
	if c < 0 {
		x.setWinner(gr, events, i)
	}
}

// compareFirst orders events that share an identifier, first first: by
// created, then timestamp, then payload, then livemode. It returns 0 only
// for the same event (equal in every field the package models).
func compareFirst(a, b *Event) int {
	if c := cmp.Compare(unixOf(a.Created), unixOf(b.Created)); c != 0 {
		return c
	}
	if c := cmp.Compare(unixOf(a.Timestamp), unixOf(b.Timestamp)); c != 0 {
		return c
	}
	if c := comparePayload(a.Payload, b.Payload); c != 0 {
		return c
	}
	switch {
	case a.Livemode == b.Livemode:
		return 0
	case !a.Livemode:
		return -1
	}
	return 1
}

// comparePayload orders payloads as their (key, value) lists sorted by
// key, a missing key ordering before any value: the smallest key at which
// they differ decides. Linear in the payloads' sizes, no allocation.
func comparePayload(a, b map[string]string) int {
	found, res := false, 0
	var at string
	for k, av := range a {
		bv, ok := b[k]
		r := 1 // b lacks k: b orders first
		if ok {
			if r = cmp.Compare(av, bv); r == 0 {
				continue
			}
		}
		if !found || k < at {
			found, at, res = true, k, r
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok && (!found || k < at) {
			found, at, res = true, k, -1
		}
	}
	return res
}

// bucketIndex keeps, per UTC hour or day, the newest counted event.
type bucketIndex struct {
	seed    maphash.Seed
	mask    uint64
	slots   []int32 // 0: empty; else entry+1
	entries []bucket
}

type bucket struct {
	key  int64 // window number: floor(timestamp / window length)
	best int32 // the group whose winner is the newest event of the window
}

func newBucketIndex(seed maphash.Seed, n int) bucketIndex {
	size := tableSize(n)
	return bucketIndex{seed: seed, mask: uint64(size - 1), slots: make([]int32, size), entries: make([]bucket, 0, n)}
}

// offer makes group g's winner the window's event when it is newer than
// the one kept.
func (x *bucketIndex) offer(events []Event, groups []group, key int64, g int32) {
	h := maphash.Comparable(x.seed, key)
	for j := h & x.mask; ; j = (j + 1) & x.mask {
		s := x.slots[j]
		if s == 0 {
			x.entries = append(x.entries, bucket{key: key, best: g})
			x.slots[j] = int32(len(x.entries))
			return
		}
		b := &x.entries[s-1]
		if b.key == key {
			if compareNewer(&events[groups[g].winner], &events[groups[b.best].winner]) > 0 {
				b.best = g
			}
			return
		}
	}
}

// compareNewer orders events of one time window, newer last: by created,
// then timestamp, then identifier (manual, section Time windows).
func compareNewer(a, b *Event) int {
	if c := cmp.Compare(unixOf(a.Created), unixOf(b.Created)); c != 0 {
		return c
	}
	if c := cmp.Compare(unixOf(a.Timestamp), unixOf(b.Timestamp)); c != 0 {
		return c
	}
	return cmp.Compare(a.Identifier, b.Identifier)
}

// compareLast orders counted events for the last formula, last last: by
// timestamp, then created, then identifier (manual, section Formulas).
func compareLast(a, b *Event) int {
	if c := cmp.Compare(unixOf(a.Timestamp), unixOf(b.Timestamp)); c != 0 {
		return c
	}
	if c := cmp.Compare(unixOf(a.Created), unixOf(b.Created)); c != 0 {
		return c
	}
	return cmp.Compare(a.Identifier, b.Identifier)
}
