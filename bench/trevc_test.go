package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack"

	lapackgonum "gonum.org/v1/gonum/lapack/gonum"

	"github.com/directpred/directpred/eigen"
	"github.com/directpred/directpred/kernels"
)

// BenchmarkDtrevc3 times Dtrevc3 as Dgeev calls it for the right ("R") or
// left ("L") eigenvectors (howmny AllMulQ: back-transformed by the Schur
// vectors in VR or VL, lwork from the workspace query) on an n×n quasi-triangular
// T in Schur canonical form whose diagonal blocks are mostly 2×2 (as for a
// random matrix), with gonum's Dtrevc3 on gonum's BLAS ("gonum") and
// eigen.Implementation's on kernels.Implementation ("directpred"). Each
// iteration includes restoring VR or VL.
//
//	GOMAXPROCS=1 go test -run XXX -bench 'Dtrevc3/' -benchtime 3x -count 5 ./bench/
func BenchmarkDtrevc3(b *testing.B) {
	for _, n := range []int{250, 500, 1000} {
		t := schurRand(n, rand.New(rand.NewPCG(uint64(n), 3)))
		q := randFloats(n * n)
		for i := range q {
			q[i] /= math.Sqrt(float64(n))
		}
		for _, side := range []lapack.EVSide{lapack.EVRight, lapack.EVLeft} {
			for _, be := range []string{"gonum", "directpred"} {
				b.Run(fmt.Sprintf("%c/n=%d/%s", side, n, be), func(b *testing.B) {
					var impl interface {
						Dtrevc3(side lapack.EVSide, howmny lapack.EVHowMany, selected []bool, n int, t []float64, ldt int, vl []float64, ldvl int, vr []float64, ldvr int, mm int, work []float64, lwork int) int
					}
					if be == "gonum" {
						impl = lapackgonum.Implementation{}
					} else {
						impl = eigen.Implementation{}
						blas64.Use(kernels.Implementation{})
						defer blas64.Use(gonum.Implementation{})
					}
					v := make([]float64, n*n)
					work := []float64{0}
					impl.Dtrevc3(side, lapack.EVAllMulQ, nil, n, t, n, v, n, v, n, n, work, -1)
					work = make([]float64, int(work[0]))
					for b.Loop() {
						copy(v, q)
						impl.Dtrevc3(side, lapack.EVAllMulQ, nil, n, t, n, v, n, v, n, n, work, len(work))
					}
					reportMs(b)
				})
			}
		}
	}
}

// schurRand returns an n×n row-major upper quasi-triangular matrix in Schur
// canonical form: strictly upper entries uniform in [−1, 1], diagonal
// blocks 2×2 (a complex pair: equal diagonal, off-diagonal entries of
// opposite signs) with probability 0.9, else 1×1, their eigenvalues in the
// disc of radius √(n/3) where a random matrix with such entries has them.
func schurRand(n int, rnd *rand.Rand) []float64 {
	t := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			t[i*n+j] = 2*rnd.Float64() - 1
		}
	}
	r := math.Sqrt(float64(n) / 3)
	for j := 0; j < n; {
		if j < n-1 && rnd.Float64() < 0.9 {
			a := r * (2*rnd.Float64() - 1)
			bb := 0.1 + r*rnd.Float64()
			c := -(0.1 + r*rnd.Float64())
			t[j*n+j], t[j*n+j+1] = a, bb
			t[(j+1)*n+j], t[(j+1)*n+j+1] = c, a
			j += 2
			continue
		}
		t[j*n+j] = r * (2*rnd.Float64() - 1)
		j++
	}
	return t
}
