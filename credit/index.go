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

// indexIDs returns an index of n ids (positions are indices, an id given
// again keeping its first position), its slots in buf and its keys in keys
// when they are large enough (buf is cleared first), and the positions of
// the repeated ids. It writes only through its own variables, by index, so
// the arrays it is given can live on the caller's stack.
func indexIDs(n int, id func(int) string, buf []uint64, keys []string) (strIndex, []int) {
	seed := maphash.MakeSeed()
	size := 1 << bits.Len(uint(max(2*n-1, 7))) // at least twice n slots
	var slots []uint64
	if size <= len(buf) {
		slots = buf[:size]
		clear(slots) // a scratch may be used again (a retried scan)
	} else {
		slots = make([]uint64, size)
	}
	var ks []string
	if n <= len(keys) {
		ks = keys[:n]
	} else {
		ks = make([]string, n)
	}
	mask := uint64(size - 1)
	var dups []int
	count := 0
	for p := range n {
		s := id(p)
		ks[p] = s
		h := maphash.String(seed, s)
		tag := h >> 32
		i := h & mask
		dup := false
		for ; slots[i] != 0; i = (i + 1) & mask {
			if v := slots[i]; v>>32 == tag && ks[int(uint32(v))-1] == s {
				dup = true
				break
			}
		}
		if dup {
			dups = append(dups, p)
			continue
		}
		slots[i] = tag<<32 | uint64(p+1)
		count++
	}
	return strIndex{seed: seed, keys: ks, slots: slots, mask: mask, n: count}, dups
}

// lookup returns the position of id, or -1.
func (x *strIndex) lookup(id string) int {
	if len(x.slots) == 0 {
		return -1
	}
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
	if x.seed == (maphash.Seed{}) { // the zero index
		x.seed = maphash.MakeSeed()
	}
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

// lineIndex finds the record of one invoice line of one grant: an
// open-addressing table, at most half full, hashed with hash/maphash under
// its own seed (so, as strIndex, flood proof), every hit confirmed on the
// whole key.
type lineIndex struct {
	seed  maphash.Seed
	slots []uint64 // tag<<32 | record+1
	mask  uint64
	n     int
}

func newLineIndex(n int) lineIndex {
	size := 1 << bits.Len(uint(max(2*n-1, 7)))
	return lineIndex{seed: maphash.MakeSeed(), slots: make([]uint64, size), mask: uint64(size - 1)}
}

func (x *lineIndex) hash(k *lineKey) uint64 {
	h := maphash.String(x.seed, k.invoice)
	h ^= maphash.String(x.seed, k.line) * 0x9E3779B97F4A7C15
	return (h ^ uint64(uint32(k.grant))) * 0xBF58476D1CE4E5B9
}

// find returns the record of k among recs, or -1.
func (x *lineIndex) find(k *lineKey, recs []lineRec) int32 {
	r, _ := x.findHash(k, recs)
	return r
}

// findHash is find, also returning k's hash, for an add that follows.
func (x *lineIndex) findHash(k *lineKey, recs []lineRec) (int32, uint64) {
	h := x.hash(k)
	tag := h >> 32
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			return -1, h
		}
		if s>>32 == tag {
			if r := int32(uint32(s)) - 1; recs[r].key == *k {
				return r, h
			}
		}
	}
}

// add indexes record r, whose key hashes to h (findHash's), not indexed
// yet; it keeps h in the record, so that growing rehashes nothing.
func (x *lineIndex) add(h uint64, r int32, recs []lineRec) {
	recs[r].h = h
	if 2*(x.n+1) > len(x.slots) {
		size := max(2*len(x.slots), 8)
		x.slots, x.mask = make([]uint64, size), uint64(size-1)
		for j := range recs[:r] {
			x.put(recs[j].h, int32(j))
		}
	}
	x.put(h, r)
	x.n++
}

func (x *lineIndex) put(h uint64, r int32) {
	i := h & x.mask
	for x.slots[i] != 0 {
		i = (i + 1) & x.mask
	}
	x.slots[i] = h>>32<<32 | uint64(r+1)
}
