package credit

import (
	"hash/maphash"
	"math/bits"
)

// strIndex interns ids: it maps each id to its position, the order in
// which ids were added. It is an open-addressing table with linear probing,
// at most half full, hashed with hash/maphash under a seed drawn for each
// index: no pattern of ids (a common length, a common tail, anything
// chosen in advance) lengthens its probe chains more than chance does, so
// a lookup costs one hash of the id and, on average, fewer than two slot
// reads and one comparison of the whole id.
type strIndex struct {
	seed  maphash.Seed
	keys  []string // by position
	slots []uint64 // tag<<32 | position+1, 0 when empty
	mask  uint64
	n     int // ids in slots
}

// init prepares x for n ids, using buf for the slots when it is large
// enough (buf must be all zero).
func (x *strIndex) init(n int, buf []uint64) {
	x.seed = maphash.MakeSeed()
	size := 1 << bits.Len(uint(max(2*n-1, 7))) // at least twice n slots
	if size <= len(buf) {
		x.slots = buf[:size]
	} else {
		x.slots = make([]uint64, size)
	}
	x.mask = uint64(size - 1)
	x.keys = x.keys[:0]
	x.n = 0
}

// lookup returns the position of id, or -1.
func (x *strIndex) lookup(id string) int {
	h := maphash.String(x.seed, id)
	tag := h >> 32
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			return -1
		}
		if s>>32 == tag {
			if p := int(uint32(s)) - 1; x.keys[p] == id {
				return p
			}
		}
	}
}

// add adds id at the next position and returns it, or returns the position
// of id and false when id is already there.
func (x *strIndex) add(id string) (int, bool) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	h := maphash.String(x.seed, id)
	tag := h >> 32
	i := h & x.mask
	for ; x.slots[i] != 0; i = (i + 1) & x.mask {
		if s := x.slots[i]; s>>32 == tag {
			if p := int(uint32(s)) - 1; x.keys[p] == id {
				return p, false
			}
		}
	}
	p := len(x.keys)
	x.keys = append(x.keys, id)
	x.slots[i] = tag<<32 | uint64(p+1)
	x.n++
	return p, true
}

// skip takes the next position for id without indexing it (an id given
// twice keeps the position of its first occurrence).
func (x *strIndex) skip(id string) { x.keys = append(x.keys, id) }

func (x *strIndex) grow() { x.rehash(max(2*len(x.slots), 8)) }

func (x *strIndex) rehash(size int) {
	x.slots = make([]uint64, size)
	x.mask = uint64(size - 1)
	for p, id := range x.keys {
		if x.lookup(id) >= 0 {
			continue // skipped: a repeat
		}
		h := maphash.String(x.seed, id)
		i := h & x.mask
		for x.slots[i] != 0 {
			i = (i + 1) & x.mask
		}
		x.slots[i] = h>>32<<32 | uint64(p+1)
	}
}

// clone returns a copy of x that shares nothing mutable with it.
func (x *strIndex) clone() strIndex {
	c := *x
	c.keys = append([]string(nil), x.keys...)
	c.slots = append([]uint64(nil), x.slots...)
	return c
}
