package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/lapack/testlapack"
	"gonum.org/v1/gonum/mat"

	"github.com/directpred/directpred/eigen"
)

// Symmetric eigensolver benchmarks: eigen.Sym (float64 and float32) with
// vectors beside gonum's mat.EigenSym, on random symmetric matrices, and the
// warm start after a 1e−2 relative symmetric perturbation of a PSD matrix
// with a decaying spectrum. Each reports ms/op.
//
//	GOMAXPROCS=1 go test -run XXX -bench 'Eigen' -benchtime 5x ./bench/
//
// The solver uses up to GOMAXPROCS threads (bitwise the same results);
// beside OpenBLAS with the matching thread count:
//
//	GOMAXPROCS=2 OPENBLAS_NUM_THREADS=2 go test -tags openblas -run XXX -bench 'EigenSym(64|32)/n=(256|512|1024)$' -benchtime 10x -count 6 ./bench/
//	GOMAXPROCS=2 OPENBLAS_NUM_THREADS=2 go test -tags openblas -run XXX -bench 'EigenLAPACK/[ds]/n=(256|512|1024)$' -benchtime 10x -count 6 ./bench/

var eigenSizes = []int{64, 128, 256, 512, 1024}

func eigenRandSym(n int, seed uint64) []float64 {
	rnd := rand.New(rand.NewPCG(seed, 1))
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			x := 2*rnd.Float64() - 1
			a[i*n+j] = x
			a[j*n+i] = x
		}
	}
	return a
}

func reportMs(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/op")
}

func BenchmarkEigenSym64(b *testing.B) { benchEigenSym[float64](b) }
func BenchmarkEigenSym32(b *testing.B) { benchEigenSym[float32](b) }

// benchEigenSym times Factorize with vectors on eigenRandSym(n, 1) in T.
func benchEigenSym[T float32 | float64](b *testing.B) {
	for _, n := range eigenSizes {
		a64 := eigenRandSym(n, 1)
		a := make([]T, len(a64))
		for i, x := range a64 {
			a[i] = T(x)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var s eigen.Sym[T]
			if !s.Factorize(a, n, n, true) {
				b.Fatal("failed")
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.Factorize(a, n, n, true)
			}
			reportMs(b)
		})
	}
}

func BenchmarkEigenGonum(b *testing.B) {
	for _, n := range eigenSizes {
		sd := mat.NewSymDense(n, eigenRandSym(n, 1))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var es mat.EigenSym
			for i := 0; i < b.N; i++ {
				if !es.Factorize(sd, true) {
					b.Fatal("failed")
				}
			}
			reportMs(b)
		})
	}
}

// BenchmarkEigenWarm compares FactorizeWarm with a cold Factorize of the
// same perturbed matrix.
func BenchmarkEigenWarm(b *testing.B) {
	const n = 256
	rnd := rand.New(rand.NewPCG(7, 7))
	d := make([]float64, n)
	for i := range d {
		d[i] = math.Pow(0.9, float64(i))
	}
	a0 := make([]float64, n*n)
	testlapack.Dlagsy(n, 0, d, a0, n, rnd, make([]float64, 2*n))
	var s eigen.Sym[float64]
	if !s.Factorize(a0, n, n, true) {
		b.Fatal("failed")
	}
	v0 := make([]float64, n*n)
	s.VectorsTo(v0, n)
	// Symmetric perturbation with ‖E‖_F = 1e−2·‖A0‖_F.
	e := eigenRandSym(n, 9)
	var na, ne float64
	for i := range a0 {
		na += a0[i] * a0[i]
		ne += e[i] * e[i]
	}
	f := 1e-2 * math.Sqrt(na/ne)
	a1 := make([]float64, n*n)
	for i := range a1 {
		a1[i] = a0[i] + f*e[i]
	}
	warm := func(name string, a []float64) {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if !s.FactorizeWarm(a, n, n, v0, n) {
					b.Fatal("failed")
				}
			}
			reportMs(b)
		})
	}
	// The benchmark of the issue: 1e−2 relative perturbation.
	warm("warm-1e-2", a1)
	b.Run("cold-1e-2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if !s.Factorize(a1, n, n, true) {
				b.Fatal("failed")
			}
		}
		reportMs(b)
	})
	// Where the warm start applies: the unchanged matrix, and a change
	// confined to a 4-dimensional eigen-subspace.
	warm("warm-unchanged", a0)
	w0 := make([]float64, n)
	s.Factorize(a0, n, n, true)
	s.Values(w0)
	a2 := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a2[i*n+j] = a0[i*n+j]
			for _, k := range []int{0, 3, 50, 200} {
				for _, l := range []int{0, 3, 50, 200} {
					a2[i*n+j] += 1e-3 * v0[i*n+k] * v0[j*n+l]
				}
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			a2[j*n+i] = a2[i*n+j]
		}
	}
	warm("warm-subspace", a2)
}
