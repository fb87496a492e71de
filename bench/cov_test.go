package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/directpred/directpred/kernels"
)

// BenchmarkCovariance times ZᵀZ-type statistics of one 256×d float32 batch
// Z (DirectPred's F̂ update) at d = 128…2048:
//
//	directpred/cov-ema   Covariance.Add in EMA mode, the default: batch mean,
//	                     centring and scaling into float32 panels, float32
//	                     products summed over blocks of 11 samples, groups
//	                     of 4 blocks' sums added into float64, the EMA in
//	                     the same pass (avx512 paths;
//	                     elsewhere as cov-ema-f64; the number to compare)
//	directpred/cov-ema-f64  the same with SetFloat32Products(false): centring
//	                     and float64 conversion in packing, F̂/covariance EMA
//	                     in one float64 SYRK pass
//	directpred/ssyrk     kernels.Ssyrk, C = ZᵀZ in float32
//	directpred/dsyrk     kernels.Dsyrk on the same data in float64
//	gonum/stat.Cov       stat.CovarianceMatrix on the float64 batch
//	gonum/ssyrk, dsyrk   gonum's native Ssyrk/Dsyrk
//	openblas/ssyrk, dsyrk (with -tags openblas)
func BenchmarkCovariance(b *testing.B) {
	const rows = 256
	rnd := rand.New(rand.NewPCG(5, 5))
	for _, d := range []int{128, 256, 512, 2048} {
		z := make([]float32, rows*d)
		z64 := make([]float64, rows*d)
		for i := range z {
			z[i] = float32(rnd.NormFloat64())
			z64[i] = float64(z[i])
		}
		c32 := make([]float32, d*d)
		c64 := make([]float64, d*d)
		name := fmt.Sprintf("d=%d/", d)
		b.Run(name+"directpred/cov-ema", func(b *testing.B) {
			acc := kernels.NewEMACovariance[float32](d, 0.99)
			acc.Add(z) // the first batch initialises; time the EMA updates
			b.ReportAllocs()
			for b.Loop() {
				acc.Add(z)
			}
		})
		b.Run(name+"directpred/cov-ema-f64", func(b *testing.B) {
			acc := kernels.NewEMACovariance[float32](d, 0.99)
			acc.SetFloat32Products(false)
			acc.Add(z)
			b.ReportAllocs()
			for b.Loop() {
				acc.Add(z)
			}
		})
		b.Run(name+"directpred/ssyrk", func(b *testing.B) {
			for b.Loop() {
				kernels.Ssyrk(blas.Lower, blas.Trans, d, rows, 1, z, d, 0, c32, d)
			}
		})
		b.Run(name+"directpred/dsyrk", func(b *testing.B) {
			for b.Loop() {
				kernels.Dsyrk(blas.Lower, blas.Trans, d, rows, 1, z64, d, 0, c64, d)
			}
		})
		b.Run(name+"gonum/stat.Cov", func(b *testing.B) {
			x := mat.NewDense(rows, d, z64)
			dst := mat.NewSymDense(d, nil)
			for b.Loop() {
				stat.CovarianceMatrix(dst, x, nil)
			}
		})
		b.Run(name+"gonum/ssyrk", func(b *testing.B) {
			for b.Loop() {
				gonum.Implementation{}.Ssyrk(blas.Lower, blas.Trans, d, rows, 1, z, d, 0, c32, d)
			}
		})
		b.Run(name+"gonum/dsyrk", func(b *testing.B) {
			for b.Loop() {
				gonum.Implementation{}.Dsyrk(blas.Lower, blas.Trans, d, rows, 1, z64, d, 0, c64, d)
			}
		})
		if openblasSsyrk != nil {
			b.Run(name+"openblas/ssyrk", func(b *testing.B) {
				for b.Loop() {
					openblasSsyrk(blas.Lower, blas.Trans, d, rows, 1, z, d, 0, c32, d)
				}
			})
			b.Run(name+"openblas/dsyrk", func(b *testing.B) {
				for b.Loop() {
					openblasDsyrk(blas.Lower, blas.Trans, d, rows, 1, z64, d, 0, c64, d)
				}
			})
		}
	}
}

// BenchmarkVectorBandwidth times the memory-bound vector kernels beside a
// copy of the same size, all reporting MB/s of memory traffic (copy: read +
// write, 8 bytes per float32 element; axpby and EMA: read x and y, write y,
// 12 bytes per float32 element). The ratio of a kernel's MB/s to copy's is
// the fraction of the bandwidth it reaches. n = 1 M is the size of the
// targets (8–24 MiB in all: partly cache-resident on large-L3 CPUs); n = 32 M
// (256–768 MiB) is DRAM-bound.
func BenchmarkVectorBandwidth(b *testing.B) {
	for _, n := range []int{1 << 20, 1 << 25} {
		x := make([]float32, n)
		y := make([]float32, n)
		x64 := make([]float64, n)
		y64 := make([]float64, n)
		for i := range x {
			x[i], y[i] = float32(i%13), float32(i%7)
			x64[i], y64[i] = float64(x[i]), float64(y[i])
		}
		// The EMA targets: one network's worth of tensors, n elements.
		var targets, sources [][]float32
		for off, sz := 0, n/2; off < n; off, sz = off+sz, max(sz/2, n/8) {
			targets = append(targets, y[off:off+sz])
			sources = append(sources, x[off:off+sz])
		}
		name := fmt.Sprintf("n=%dM/", n>>20)
		b.Run(name+"float32/copy", func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				copy(y, x)
			}
		})
		b.Run(name+"float32/directpred/axpby", func(b *testing.B) {
			b.SetBytes(int64(12 * n))
			for b.Loop() {
				kernels.Saxpby(0.01, x, 0.99, y)
			}
		})
		b.Run(name+"float32/directpred/EMA", func(b *testing.B) {
			b.SetBytes(int64(12 * n))
			for b.Loop() {
				kernels.EMA(0.99, targets, sources)
			}
		})
		b.Run(name+"float32/gonum/axpy", func(b *testing.B) {
			b.SetBytes(int64(12 * n))
			for b.Loop() {
				gonum.Implementation{}.Saxpy(n, 0.01, x, 1, y, 1)
			}
		})
		b.Run(name+"float64/copy", func(b *testing.B) {
			b.SetBytes(int64(16 * n))
			for b.Loop() {
				copy(y64, x64)
			}
		})
		b.Run(name+"float64/directpred/axpby", func(b *testing.B) {
			b.SetBytes(int64(24 * n))
			for b.Loop() {
				kernels.Daxpby(0.01, x64, 0.99, y64)
			}
		})
		b.Run(name+"float64/gonum/axpy", func(b *testing.B) {
			b.SetBytes(int64(24 * n))
			for b.Loop() {
				gonum.Implementation{}.Daxpy(n, 0.01, x64, 1, y64, 1)
			}
		})
	}
}
