package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/directpred/directpred/kernels"
)

// The small-size benchmarks time what a gonum user calls — gonum's native
// implementation and ours through blas.Float64/blas.Float32 — on tiny
// operands, where fixed costs (checks, dispatch, packing) dominate. The
// target: ours ≤ 1.0× gonum's time for GEMM n = 1…16 and gemv, dot, axpy n =
// 1…64.
//
//	GOMAXPROCS=1 go test -run XXX -bench 'Small' -count 6 -benchtime 20ms ./bench/ | tee small.txt
//
// (about 1100 sub-benchmarks; -benchtime 20ms keeps a run of all of them
// to a few minutes).

// smallImpls are the backends under comparison.
var smallImpls = []struct {
	name string
	f64  blas.Float64
	f32  blas.Float32
}{
	{"gonum", gonum.Implementation{}, gonum.Implementation{}},
	{"directpred", kernels.Implementation{}, kernels.Implementation{}},
}

func randFloats(n int) []float64 {
	rnd := rand.New(rand.NewPCG(uint64(n), 1))
	s := make([]float64, n)
	for i := range s {
		s[i] = 2*rnd.Float64() - 1
	}
	return s
}

func toF32(s []float64) []float32 {
	r := make([]float32, len(s))
	for i, v := range s {
		r[i] = float32(v)
	}
	return r
}

func BenchmarkSmallGemm(b *testing.B) {
	for n := 1; n <= 16; n++ {
		a, bb, c := randFloats(n*n), randFloats(n*n), randFloats(n*n)
		as, bs, cs := toF32(a), toF32(bb), toF32(c)
		for _, im := range smallImpls {
			b.Run(fmt.Sprintf("Dgemm/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.f64.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0.5, c, n)
				}
			})
			b.Run(fmt.Sprintf("Sgemm/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.f32.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, as, n, bs, n, 0.5, cs, n)
				}
			})
		}
	}
}

// smallVecSizes are the orders of the gemv, dot and axpy benchmarks: every
// n = 1…64, so that the claim holds for every size, not a sample.
var smallVecSizes = func() []int {
	s := make([]int, 64)
	for i := range s {
		s[i] = i + 1
	}
	return s
}()

func BenchmarkSmallGemv(b *testing.B) {
	for _, n := range smallVecSizes {
		a, x, y := randFloats(n*n), randFloats(n), randFloats(n)
		as, xs, ys := toF32(a), toF32(x), toF32(y)
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, im := range smallImpls {
				b.Run(fmt.Sprintf("Dgemv%c/n=%d/%s", tA, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.f64.Dgemv(tA, n, n, 1, a, n, x, 1, 0.5, y, 1)
					}
				})
				b.Run(fmt.Sprintf("Sgemv%c/n=%d/%s", tA, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.f32.Sgemv(tA, n, n, 1, as, n, xs, 1, 0.5, ys, 1)
					}
				})
			}
		}
	}
}

var sinkF64 float64
var sinkF32 float32

func BenchmarkSmallDot(b *testing.B) {
	for _, n := range smallVecSizes {
		x, y := randFloats(n), randFloats(n)
		xs, ys := toF32(x), toF32(y)
		for _, im := range smallImpls {
			b.Run(fmt.Sprintf("Ddot/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					sinkF64 = im.f64.Ddot(n, x, 1, y, 1)
				}
			})
			b.Run(fmt.Sprintf("Sdot/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					sinkF32 = im.f32.Sdot(n, xs, 1, ys, 1)
				}
			})
		}
	}
}

func BenchmarkSmallAxpy(b *testing.B) {
	for _, n := range smallVecSizes {
		x, y := randFloats(n), randFloats(n)
		xs, ys := toF32(x), toF32(y)
		for _, im := range smallImpls {
			b.Run(fmt.Sprintf("Daxpy/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.f64.Daxpy(n, 1e-9, x, 1, y, 1)
				}
			})
			b.Run(fmt.Sprintf("Saxpy/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.f32.Saxpy(n, 1e-9, xs, 1, ys, 1)
				}
			})
		}
	}
}
