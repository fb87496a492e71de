//go:build !purego

package arm64

import "encoding/binary"

// Auxiliary-vector keys and the HWCAP2 bit of FEAT_BF16 (Linux uapi
// <linux/auxvec.h>, arch/arm64 <asm/hwcap.h>).
const (
	atNull     = 0
	atHWCAP2   = 26
	hwcap2BF16 = 1 << 14
)

// auxvLookup returns the value of key in an ELF auxiliary vector of a 64-bit
// little-endian process, as /proc/self/auxv holds it: pairs of 8-byte words
// (key, value) ending with the key AT_NULL. ok is false when the key is
// absent before AT_NULL or the end of the bytes; a trailing partial pair is
// ignored.
func auxvLookup(auxv []byte, key uint64) (val uint64, ok bool) {
	for len(auxv) >= 16 {
		k := binary.LittleEndian.Uint64(auxv)
		v := binary.LittleEndian.Uint64(auxv[8:])
		if k == atNull {
			return 0, false
		}
		if k == key {
			return v, true
		}
		auxv = auxv[16:]
	}
	return 0, false
}
