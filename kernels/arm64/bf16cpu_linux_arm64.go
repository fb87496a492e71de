//go:build !purego

package arm64

import (
	"os"

	"golang.org/x/sys/unix"
)

// osHasBF16 reports HWCAP2_BF16 from the auxiliary vector: the runtime's
// copy (unix.Auxv), else /proc/self/auxv.
func osHasBF16() bool {
	hw2, ok := uint64(0), false
	if pairs, err := unix.Auxv(); err == nil {
		for _, kv := range pairs {
			if kv[0] == atNull {
				break
			}
			if kv[0] == atHWCAP2 {
				hw2, ok = uint64(kv[1]), true
				break
			}
		}
	}
	if !ok {
		b, err := os.ReadFile("/proc/self/auxv")
		if err != nil {
			return false
		}
		hw2, ok = auxvLookup(b, atHWCAP2)
	}
	return ok && hw2&hwcap2BF16 != 0
}
