package testutil

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Float is the set of element types the helpers serve.
type Float interface{ float32 | float64 }

// Guarded returns a slice of length n placed so that its last element is
// immediately followed by an inaccessible page (on Linux; elsewhere a plain
// slice followed by NaN guards that CheckGuards verifies). Any read or write
// past the end of the slice crashes the test binary. The memory is released
// when the test ends.
func Guarded[T Float](t testing.TB, n int) []T {
	t.Helper()
	return guarded[T](t, n)
}

// GuardedCopy returns Guarded(t, len(s)) holding a copy of s.
func GuardedCopy[T Float](t testing.TB, s []T) []T {
	t.Helper()
	g := Guarded[T](t, len(s))
	copy(g, s)
	return g
}

// Fill sets s to uniform random values in [-1, 1).
func Fill[T Float](rnd *rand.Rand, s []T) {
	for i := range s {
		s[i] = T(2*rnd.Float64() - 1)
	}
}

// FillNaN sets every element of s to NaN.
func FillNaN[T Float](s []T) {
	for i := range s {
		s[i] = T(math.NaN())
	}
}
