package meter

import (
	"cmp"
	"hash/maphash"
)

// The tables below are open-addressing hash sets with linear probing, each
// allocated once, sized to at most half full, and keyed through
// hash/maphash with a seed drawn per call: no input can make their probe
// sequences long (an adversary does not know the seed), and nothing per
// event is allocated. See the manual, section Speed.

// group is the events sharing one identifier: the first of them (the
// winner, manual section Identifiers), another one that differs from it
// when there is such an event, and flags.
type group struct {
	winner int32
	other  int32 // an event that differs from winner, when conflict
	flags  uint8
}

const (
	groupConflict uint8 = 1 << iota // two different events share the identifier
	groupCanceled                   // a cancel adjustment names the identifier
)

// idIndex maps identifiers to groups.
type idIndex struct {
	seed   maphash.Seed
	mask   uint64
	slots  []uint64 // 0: empty; else hash>>32 << 32 | group+1
	groups []group
}

func tableSize(n int) int {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return size
}

func newIDIndex(seed maphash.Seed, n int) idIndex {
	size := tableSize(n)
	return idIndex{seed: seed, mask: uint64(size - 1), slots: make([]uint64, size), groups: make([]group, 0, n)}
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

// insert adds event i (a candidate) to its group, creating the group.
func (x *idIndex) insert(events []Event, i int) {
	id := events[i].Identifier
	h := maphash.String(x.seed, id)
	g, slot := x.find(events, id, h)
	if g < 0 {
		x.groups = append(x.groups, group{winner: int32(i), other: -1})
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
		gr.other, gr.winner = gr.winner, int32(i)
	} else {
		gr.other = int32(i)
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
	best int32 // the newest event of the window
}

func newBucketIndex(seed maphash.Seed, n int) bucketIndex {
	size := tableSize(n)
	return bucketIndex{seed: seed, mask: uint64(size - 1), slots: make([]int32, size), entries: make([]bucket, 0, n)}
}

// offer makes event i the window's event when it is newer than the one
// kept.
func (x *bucketIndex) offer(events []Event, key int64, i int32) {
	h := maphash.Comparable(x.seed, key)
	for j := h & x.mask; ; j = (j + 1) & x.mask {
		s := x.slots[j]
		if s == 0 {
			x.entries = append(x.entries, bucket{key: key, best: i})
			x.slots[j] = int32(len(x.entries))
			return
		}
		b := &x.entries[s-1]
		if b.key == key {
			if compareNewer(&events[i], &events[b.best]) > 0 {
				b.best = i
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
