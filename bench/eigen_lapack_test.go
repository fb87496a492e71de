package bench

import (
	"fmt"
	"testing"
)

// BenchmarkEigenLAPACK runs OpenBLAS's LAPACK dsyevd/ssyevd (with vectors) on
// the matrices of BenchmarkEigenSym64/32, for a ratio measured in the same
// run; it needs -tags openblas:
//
//	GOMAXPROCS=1 OPENBLAS_NUM_THREADS=1 go test -tags openblas -run XXX -bench 'Eigen(Sym|LAPACK)' ./bench/
func BenchmarkEigenLAPACK(b *testing.B) {
	if lapackDsyevd == nil {
		b.Skip("no LAPACK comparator: build with -tags openblas")
	}
	for _, n := range eigenSizes {
		a := eigenRandSym(n, 1)
		b.Run(fmt.Sprintf("d/n=%d", n), func(b *testing.B) {
			work := make([]float64, len(a))
			w := make([]float64, n)
			for b.Loop() {
				copy(work, a)
				if !lapackDsyevd(n, work, w) {
					b.Fatal("dsyevd failed")
				}
			}
			reportMs(b)
		})
		a32 := make([]float32, len(a))
		for i, x := range a {
			a32[i] = float32(x)
		}
		b.Run(fmt.Sprintf("s/n=%d", n), func(b *testing.B) {
			work := make([]float32, len(a32))
			w := make([]float32, n)
			for b.Loop() {
				copy(work, a32)
				if !lapackSsyevd(n, work, w) {
					b.Fatal("ssyevd failed")
				}
			}
			reportMs(b)
		})
	}
}
