//go:build !linux

package testutil

import (
	"math"
	"testing"
)

// guarded falls back to NaN guards after the slice; an out-of-bounds write is
// caught when the test ends, an out-of-bounds read is not.
func guarded[T Float](t testing.TB, n int) []T {
	const guard = 64
	s := make([]T, n+guard)
	for i := n; i < len(s); i++ {
		s[i] = T(math.NaN())
	}
	t.Cleanup(func() {
		for i := n; i < len(s); i++ {
			if s[i] == s[i] {
				t.Errorf("guard element %d past the end was overwritten", i-n)
			}
		}
	})
	return s[:n:n]
}
