package credit

import "math/bits"

// idIndex finds a grant's position by id; it is built once per call, sized
// by the number of grants, and used for every transaction, so it is made
// faster than a Go map for Stripe's ids: an open-addressing table hashed on
// the id's length and last eight bytes (where ids differ), every hit
// confirmed by comparing the whole id. When ids defeat the hash (long probe
// chains) it falls back to a map.
type idIndex struct {
	ids   []string // the grants' ids, by position, packed for lookups
	slots []int32  // position+1; 0 is empty
	shift uint
	mask  uint64
	m     map[string]int32 // fallback only
}

const maxProbe = 8

// newIDIndex indexes the ids of grants, in buf and idBuf when they are
// large enough (buf must be zero). It returns the positions of grants whose
// id repeats an earlier one (they are not indexed).
func newIDIndex(grants []Grant, buf []int32, idBuf []string) (idIndex, []int) {
	b := bits.Len(uint(max(4*len(grants)-1, 1))) // at least four slots per grant: short probes
	size := 1 << b
	x := idIndex{shift: uint(64 - b), mask: uint64(size - 1)}
	if size <= len(buf) {
		x.slots = buf[:size]
	} else {
		x.slots = make([]int32, size)
	}
	if len(grants) <= len(idBuf) {
		x.ids = idBuf[:len(grants)]
	} else {
		x.ids = make([]string, len(grants))
	}
	for i := range grants {
		x.ids[i] = grants[i].ID
	}
	var dups []int
	long := false
outer:
	for pos := range grants {
		id := grants[pos].ID
		i := hashID(id) >> x.shift
		probes := 0
		for x.slots[i] != 0 {
			if x.ids[x.slots[i]-1] == id {
				dups = append(dups, pos)
				continue outer
			}
			i = (i + 1) & x.mask
			probes++
		}
		long = long || probes > maxProbe
		x.slots[i] = int32(pos + 1)
	}
	if long {
		x.m = make(map[string]int32, len(grants))
		for _, p := range x.slots {
			if p != 0 {
				x.m[x.ids[p-1]] = p - 1
			}
		}
	}
	return x, dups
}

// lookup returns the position of the grant with id id, or -1.
func (x *idIndex) lookup(id string) int {
	if x.m != nil {
		if i, ok := x.m[id]; ok {
			return int(i)
		}
		return -1
	}
	i := hashID(id) >> x.shift
	for {
		p := x.slots[i]
		if p == 0 {
			return -1
		}
		if x.ids[p-1] == id {
			return int(p - 1)
		}
		i = (i + 1) & x.mask
	}
}

func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// hashID hashes the length and the last eight bytes of s.
func hashID(s string) uint64 {
	n := len(s)
	h := uint64(n)
	if n >= 8 {
		h ^= load64(s, n-8)
	} else {
		for i := 0; i < n; i++ {
			h = (h ^ uint64(s[i])) * 0x100000001B3
		}
	}
	return h * 0x9E3779B97F4A7C15
}
