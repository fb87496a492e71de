package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/directpred/directpred/kernels"
)

// gemmShape is one benchmarked product C(m×n) = op(A)(m×k) · op(B)(k×n).
type gemmShape struct {
	name    string
	tA, tB  blas.Transpose
	m, k, n int
}

// gemmShapes are the square sizes and the training layer's shapes (batch 256,
// widths 512/256/2048: forward NN, weight gradient TN, input gradient NT).
func gemmShapes() []gemmShape {
	var s []gemmShape
	for _, n := range []int{64, 128, 256, 512, 1024, 2048} {
		s = append(s, gemmShape{fmt.Sprintf("NN/n=%d", n), blas.NoTrans, blas.NoTrans, n, n, n})
	}
	return append(s,
		gemmShape{"NN/256x512x512", blas.NoTrans, blas.NoTrans, 256, 512, 512},
		gemmShape{"NT/256x512x512", blas.NoTrans, blas.Trans, 256, 512, 512},
		gemmShape{"TN/512x256x512", blas.Trans, blas.NoTrans, 512, 256, 512},
		gemmShape{"NN/256x2048x256", blas.NoTrans, blas.NoTrans, 256, 2048, 256},
	)
}

func (s gemmShape) lds() (lda, ldb int) {
	lda, ldb = s.k, s.n
	if s.tA != blas.NoTrans {
		lda = s.m
	}
	if s.tB != blas.NoTrans {
		ldb = s.k
	}
	return lda, ldb
}

func reportGFLOPs(b *testing.B, m, n, k int) {
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func sgemmImpls() []struct {
	name string
	f    sgemmFunc
} {
	impls := []struct {
		name string
		f    sgemmFunc
	}{
		{"directpred", kernels.Sgemm},
		{"directpred-bf16", kernels.SgemmBF16},
		{"gonum", gonum.Implementation{}.Sgemm},
	}
	if openblasSgemm != nil {
		impls = append(impls, struct {
			name string
			f    sgemmFunc
		}{"openblas", openblasSgemm})
	}
	return impls
}

func dgemmImpls() []struct {
	name string
	f    dgemmFunc
} {
	impls := []struct {
		name string
		f    dgemmFunc
	}{
		{"directpred", kernels.Dgemm},
		{"gonum", gonum.Implementation{}.Dgemm},
	}
	if openblasDgemm != nil {
		impls = append(impls, struct {
			name string
			f    dgemmFunc
		}{"openblas", openblasDgemm})
	}
	return impls
}

func BenchmarkSgemm(b *testing.B) { benchSgemm(b, gemmShapes(), true) }

// benchSgemm runs every Sgemm implementation (gonum's only when withGonum)
// on each shape.
func benchSgemm(b *testing.B, shapes []gemmShape, withGonum bool) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, s := range shapes {
		lda, ldb := s.lds()
		a := make([]float32, s.m*s.k)
		bb := make([]float32, s.k*s.n)
		c := make([]float32, s.m*s.n)
		for i := range a {
			a[i] = rnd.Float32()
		}
		for i := range bb {
			bb[i] = rnd.Float32()
		}
		for _, impl := range sgemmImpls() {
			if impl.name == "gonum" && !withGonum {
				continue
			}
			b.Run(s.name+"/"+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					impl.f(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				reportGFLOPs(b, s.m, s.n, s.k)
			})
		}
	}
}

func BenchmarkDgemm(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, s := range gemmShapes() {
		lda, ldb := s.lds()
		a := make([]float64, s.m*s.k)
		bb := make([]float64, s.k*s.n)
		c := make([]float64, s.m*s.n)
		for i := range a {
			a[i] = rnd.Float64()
		}
		for i := range bb {
			bb[i] = rnd.Float64()
		}
		for _, impl := range dgemmImpls() {
			b.Run(s.name+"/"+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					impl.f(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				reportGFLOPs(b, s.m, s.n, s.k)
			})
		}
	}
}

// stepShapes are the products of one BenchmarkSSLStep step (two views of
// batch 256 stacked: 512 rows; encoder 512 → 1024 → 256; 256×256
// predictor): forward x·Wᵀ (NT), weight gradient dyᵀ·x (TN), input
// gradient dy·W (NN). The forward shapes run twice per step (online and
// target).
func stepShapes() []gemmShape {
	return []gemmShape{
		{"fwd1/NT/512x512x1024", blas.NoTrans, blas.Trans, 512, 512, 1024},
		{"fwd2/NT/512x1024x256", blas.NoTrans, blas.Trans, 512, 1024, 256},
		{"pred/NT/512x256x256", blas.NoTrans, blas.Trans, 512, 256, 256},
		{"dW1/TN/1024x512x512", blas.Trans, blas.NoTrans, 1024, 512, 512},
		{"dW2/TN/256x512x1024", blas.Trans, blas.NoTrans, 256, 512, 1024},
		{"dWp/TN/256x512x256", blas.Trans, blas.NoTrans, 256, 512, 256},
		{"dx2/NN/512x256x1024", blas.NoTrans, blas.NoTrans, 512, 256, 1024},
		{"dxp/NN/512x256x256", blas.NoTrans, blas.NoTrans, 512, 256, 256},
	}
}

// BenchmarkSgemmStep measures each product of the training step on its own
// (name: role/transposes/m×k×n), beside OpenBLAS with -tags openblas.
func BenchmarkSgemmStep(b *testing.B) { benchSgemm(b, stepShapes(), false) }

// BenchmarkBF16gemm is BF16gemm (bfloat16 A and B, float32 C) on
// BenchmarkSgemm's shapes; compare with its directpred-bf16 rows (the same
// products from float32 operands rounded while packing).
func BenchmarkBF16gemm(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, s := range gemmShapes() {
		lda, ldb := s.lds()
		a := make([]kernels.BF16, s.m*s.k)
		bb := make([]kernels.BF16, s.k*s.n)
		c := make([]float32, s.m*s.n)
		for i := range a {
			a[i] = kernels.ToBF16(rnd.Float32())
		}
		for i := range bb {
			bb[i] = kernels.ToBF16(rnd.Float32())
		}
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				kernels.BF16gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
			}
			reportGFLOPs(b, s.m, s.n, s.k)
		})
	}
}
