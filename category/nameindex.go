package category

import "github.com/aclcheck/aclcheck/internal/ascii"

// nameIndex maps lower-case command names to commands. It is an
// open-addressing hash table keyed by FNV-1a of the lower-cased name, so a
// lookup hashes while it folds case and never builds the lower-case string:
// a command lookup is on the path of every ACL check.
type nameIndex struct {
	slots []nameSlot // a power of two, at most half full
	mask  uint32
}

type nameSlot struct {
	hash uint32
	name string // lower case
	cmd  *Command
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func newNameIndex(names map[string]*Command) nameIndex {
	size := 16
	for size < 2*len(names) {
		size *= 2
	}
	ix := nameIndex{slots: make([]nameSlot, size), mask: uint32(size - 1)}
	for name, c := range names {
		h := hashLower(fnvOffset, name)
		i := h & ix.mask
		for ix.slots[i].cmd != nil {
			i = (i + 1) & ix.mask
		}
		ix.slots[i] = nameSlot{h, name, c}
	}
	return ix
}

// hashLower continues FNV-1a hash h over the lower-cased bytes of s.
func hashLower(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(ascii.Lower(s[i]))) * fnvPrime
	}
	return h
}

// equalLower reports whether prefix + s, lower-cased, is name, for a name already
// in lower case.
func equalLower(name, prefix, s string) bool {
	if len(name) != len(prefix)+len(s) || name[:len(prefix)] != prefix {
		return false
	}
	name = name[len(prefix):]
	for i := 0; i < len(s); i++ {
		if ascii.Lower(s[i]) != name[i] {
			return false
		}
	}
	return true
}

// find returns the command named prefix + s, lower-cased, whose hash is h.
func (ix *nameIndex) find(h uint32, prefix, s string) *Command {
	for i := h & ix.mask; ; i = (i + 1) & ix.mask {
		sl := &ix.slots[i]
		if sl.cmd == nil {
			return nil
		}
		if sl.hash == h && equalLower(sl.name, prefix, s) {
			return sl.cmd
		}
	}
}

// lookup returns the command called name, ignoring ASCII case.
func (ix *nameIndex) lookup(name string) *Command {
	return ix.find(hashLower(fnvOffset, name), "", name)
}

// lookupSub returns the subcommand sub of the container named parent (in
// lower case).
func (ix *nameIndex) lookupSub(parent, sub string) *Command {
	h := hashLower(fnvOffset, parent)
	h = (h ^ '|') * fnvPrime
	return ix.find(hashLower(h, sub), parent+"|", sub)
}
