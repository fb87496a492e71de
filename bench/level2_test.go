package bench

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// BenchmarkGemv times GEMV (both transposes, both precisions) on square
// matrices beyond the small sizes, with gonum's native implementation and
// ours in the same run; DIRECTPRED_ISA=avx2 times the AVX2 kernels on an
// AVX-512 machine.
//
//	GOMAXPROCS=1 go test -run XXX -bench 'Gemv/' -count 6 ./bench/ | tee gemv.txt
//	GOMAXPROCS=1 DIRECTPRED_ISA=avx2 go test -run XXX -bench 'Gemv/' -count 6 ./bench/ | tee gemv-avx2.txt
func BenchmarkGemv(b *testing.B) {
	for _, n := range []int{64, 256, 1024} {
		a, x, y := randFloats(n*n), randFloats(n), randFloats(n)
		as, xs, ys := toF32(a), toF32(x), toF32(y)
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, im := range smallImpls {
				b.Run(fmt.Sprintf("Dgemv%c/n=%d/%s", tA, n, im.name), func(b *testing.B) {
					b.SetBytes(int64(8 * n * n))
					for b.Loop() {
						im.f64.Dgemv(tA, n, n, 1, a, n, x, 1, 0.5, y, 1)
					}
				})
				b.Run(fmt.Sprintf("Sgemv%c/n=%d/%s", tA, n, im.name), func(b *testing.B) {
					b.SetBytes(int64(4 * n * n))
					for b.Loop() {
						im.f32.Sgemv(tA, n, n, 1, as, n, xs, 1, 0.5, ys, 1)
					}
				})
			}
		}
	}
}
