//go:build !purego

package arm64

import (
	"encoding/binary"
	"testing"
)

// auxvBytes builds a 64-bit little-endian auxiliary vector from key/value
// pairs, as /proc/self/auxv holds it.
func auxvBytes(kv ...uint64) []byte {
	b := make([]byte, 0, 8*len(kv))
	for _, x := range kv {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	return b
}

func TestAuxvLookup(t *testing.T) {
	const atHWCAP, atPAGESZ = 16, 6
	bf := uint64(hwcap2BF16 | 1<<13 | 1<<1) // BF16, I8MM, SVE2
	cases := []struct {
		name string
		auxv []byte
		key  uint64
		val  uint64
		ok   bool
	}{
		{"found", auxvBytes(atPAGESZ, 4096, atHWCAP, 0xff, atHWCAP2, bf, atNull, 0), atHWCAP2, bf, true},
		{"first entry", auxvBytes(atHWCAP2, 7, atNull, 0), atHWCAP2, 7, true},
		{"zero value", auxvBytes(atHWCAP2, 0, atNull, 0), atHWCAP2, 0, true},
		{"absent", auxvBytes(atPAGESZ, 4096, atHWCAP, 0xff, atNull, 0), atHWCAP2, 0, false},
		{"after AT_NULL", auxvBytes(atHWCAP, 1, atNull, 0, atHWCAP2, bf), atHWCAP2, 0, false},
		{"no AT_NULL", auxvBytes(atHWCAP, 1, atHWCAP2, bf), atHWCAP2, bf, true},
		{"value equal to the key is not a key", auxvBytes(atHWCAP, atHWCAP2, atNull, 0), atHWCAP2, 0, false},
		{"truncated pair", auxvBytes(atHWCAP, 1, atHWCAP2, bf)[:30], atHWCAP2, 0, false},
		{"empty", nil, atHWCAP2, 0, false},
		{"high bits", auxvBytes(atHWCAP2, 1<<63|hwcap2BF16, atNull, 0), atHWCAP2, 1<<63 | hwcap2BF16, true},
	}
	for _, tc := range cases {
		val, ok := auxvLookup(tc.auxv, tc.key)
		if val != tc.val || ok != tc.ok {
			t.Errorf("%s: auxvLookup = %#x, %v, want %#x, %v", tc.name, val, ok, tc.val, tc.ok)
		}
	}
	if v, _ := auxvLookup(auxvBytes(atHWCAP2, bf, atNull, 0), atHWCAP2); v&hwcap2BF16 == 0 {
		t.Error("HWCAP2_BF16 is not bit 14")
	}
}
