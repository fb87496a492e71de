//go:build arm64 && !purego

package kernels

import (
	"reflect"
	"testing"

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

// TestNEONLevel2Registered fails unless every NEON path this CPU must have
// (requiredISAs) computes Level 2 with the NEON assembly rather than the
// generic four-calls fallback (l2VecS, l2VecD), so the Level 2 tests that
// run on every path (TestLevel2Kernels, TestLevel2VsGonum, …) exercise it.
func TestNEONLevel2Registered(t *testing.T) {
	same := func(f, g any) bool { return reflect.ValueOf(f).Pointer() == reflect.ValueOf(g).Pointer() }
	for _, name := range requiredISAs() {
		restore, err := useISA(name)
		if err != nil {
			t.Fatal(err)
		}
		s, d := l2Of[float32](), l2Of[float64]()
		restore()
		if !same(s.dot4, arm64.Sdot4NEON) || !same(s.axpy4, arm64.Saxpy4NEON) || !same(s.rot, arm64.SrotNEON) || !same(s.ger, arm64.SgerNEON) ||
			!same(d.dot4, arm64.Ddot4NEON) || !same(d.axpy4, arm64.Daxpy4NEON) || !same(d.rot, arm64.DrotNEON) || !same(d.ger, arm64.DgerNEON) {
			t.Errorf("path %s: Level 2 kernels are not the NEON ones", name)
		}
	}
}
