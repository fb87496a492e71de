//go:build !purego

package arm64

import "golang.org/x/sys/unix"

// osHasBF16 reads the sysctl hw.optional.arm.FEAT_BF16 (1 on Apple M2 and
// later; absent on older systems).
func osHasBF16() bool {
	v, err := unix.SysctlUint32("hw.optional.arm.FEAT_BF16")
	return err == nil && v == 1
}
