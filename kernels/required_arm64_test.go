//go:build arm64 && !purego

package kernels

import (
	"golang.org/x/sys/cpu"

	"github.com/directpred/directpred/kernels/arm64"
)

// requiredISAs lists the dispatch paths this CPU must be able to use, read
// from the CPU independently of the registry.
func requiredISAs() []string {
	if !cpu.ARM64.HasASIMD {
		return nil
	}
	// FEAT_BF16 comes from HWCAP2 (kernels/arm64 tests that reading against
	// /proc/cpuinfo).
	if arm64.HasBF16 {
		return []string{"neonbf16", "neon"}
	}
	return []string{"neon"}
}
