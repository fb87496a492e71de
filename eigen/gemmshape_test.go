package eigen

import (
	"os"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
)

func TestGemmShapes(t *testing.T) {
	if os.Getenv("EIGEN_PHASES") == "" {
		t.Skip("set EIGEN_PHASES=1")
	}
	n := 1024
	a := make([]float64, n*n)
	b := make([]float64, n*n)
	c := make([]float64, n*n)
	for i := range a {
		a[i] = float64(i%7) - 3
		b[i] = float64(i%5) - 2
	}
	type sh struct {
		tA, tB  blas.Transpose
		m, n, k int
	}
	for _, s := range []sh{
		{blas.NoTrans, blas.NoTrans, 32, 1024, 1024},
		{blas.Trans, blas.NoTrans, 1024, 1024, 32},
		{blas.NoTrans, blas.NoTrans, 64, 1024, 1024},
		{blas.Trans, blas.NoTrans, 1024, 1024, 64},
		{blas.NoTrans, blas.NoTrans, 128, 1024, 1024},
		{blas.Trans, blas.NoTrans, 1024, 1024, 128},
		{blas.NoTrans, blas.Trans, 96, 1024, 64},
		{blas.NoTrans, blas.NoTrans, 1024, 1024, 1024},
		{blas.NoTrans, blas.NoTrans, 512, 512, 512},
		{blas.NoTrans, blas.NoTrans, 256, 256, 256},
	} {
		lda, ldb := s.k, s.n
		if s.tA == blas.Trans {
			lda = s.m
		}
		if s.tB == blas.Trans {
			ldb = s.k
		}
		best := time.Hour
		for r := 0; r < 5; r++ {
			t0 := time.Now()
			gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, 0, c, s.n)
			best = min(best, time.Since(t0))
		}
		t.Logf("%v%v m=%4d n=%4d k=%4d: %6.1f GFLOPS", s.tA, s.tB, s.m, s.n, s.k, 2*float64(s.m*s.n*s.k)/float64(best.Nanoseconds()))
	}
}
