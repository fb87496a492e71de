//go:build !purego

package arm64

import (
	"os"
	"testing"
)

// TestHasBF16MatchesCPUInfo fails when the kernel reports bf16 in the
// Features lines of /proc/cpuinfo but HasBF16 is false (so that a machine
// with FEAT_BF16 never silently skips the BFDOT kernel tests), and checks
// HasBF16 against /proc/self/auxv read independently of the runtime's copy.
func TestHasBF16MatchesCPUInfo(t *testing.T) {
	t.Logf("HasBF16 = %v", HasBF16)
	if auxv, err := os.ReadFile("/proc/self/auxv"); err != nil {
		t.Logf("no /proc/self/auxv: %v", err)
	} else if hw2, ok := auxvLookup(auxv, atHWCAP2); !ok {
		t.Log("/proc/self/auxv has no AT_HWCAP2")
	} else if has := HasNEON && hw2&hwcap2BF16 != 0; has != HasBF16 {
		t.Errorf("/proc/self/auxv: AT_HWCAP2 = %#x (BF16 %v), but HasBF16 = %v", hw2, has, HasBF16)
	}

	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo: %v", err)
	}
	features, bf16 := cpuinfoBF16(info)
	switch {
	case features == 0:
		// qemu-user passes the host's (x86) /proc/cpuinfo through.
		t.Skip("/proc/cpuinfo has no arm64 Features line (emulated?): nothing to compare")
	case bf16 > 0 && !HasBF16:
		t.Fatalf("/proc/cpuinfo lists bf16 on %d of %d CPUs, but HasBF16 is false: the BF16 kernel tests would skip on a CPU that has FEAT_BF16", bf16, features)
	case bf16 == 0 && HasBF16:
		t.Errorf("HasBF16 is true, but no Features line of /proc/cpuinfo lists bf16")
	}
}
