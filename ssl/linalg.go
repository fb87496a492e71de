package ssl

import (
	"math"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/kernels"
)

// This file is the only place where ssl calls the kernels package: matrix
// products, the symmetric rank-k update of F̂, and the element-wise
// parameter updates (EMA, SGD). Every kernel is deterministic for any
// number of threads.

// sgemm is the float32 matrix product used by every layer (row-major,
// gonum blas semantics).
func sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	kernels.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// dgemm is the float64 matrix product used for F̂ and W_p.
func dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	kernels.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gramUpdateT sets c (n×n) to alpha·AᵀA + beta·c for the k×n matrix a
// (c is not read when beta = 0). It uses Dgemm rather than kernels.Dsyrk
// (half the flops) because Dsyrk currently allocates its packer on every
// call, which would break the no-allocation-per-step guarantee.
func gramUpdateT(n, k int, alpha float64, a []float64, beta float64, c []float64) {
	kernels.Dgemm(blas.Trans, blas.NoTrans, n, n, k, alpha, a, n, a, n, beta, c, n)
}

// emaUpdate sets dst ← tau·dst + (1−tau)·src.
func emaUpdate(dst, src []float32, tau float32) {
	kernels.Saxpby(1-tau, src[:len(dst)], tau, dst)
}

// sgdMomentumUpdate applies one PyTorch SGD step with momentum and coupled
// weight decay (dampening 0, no Nesterov):
//
//	g ← grad + wd·p;  buf ← mom·buf + g;  p ← p − lr·buf
//
// On the very first step PyTorch sets buf = g, which equals mom·0 + g, so a
// zero-initialised buffer gives the same result.
//
// grad is overwritten with g.
func sgdMomentumUpdate(p, grad, buf []float32, lr, mom, wd float32) {
	grad = grad[:len(p)]
	buf = buf[:len(p)]
	if wd != 0 {
		kernels.Saxpy(wd, p, grad)
	}
	kernels.Saxpby(1, grad, mom, buf)
	kernels.Saxpy(-lr, buf, p)
}

// zero32 sets every element of x to 0.
func zero32(x []float32) {
	for i := range x {
		x[i] = 0
	}
}

// allFinite32 reports whether every element of x is finite.
func allFinite32(x []float32) bool {
	for _, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return false
		}
	}
	return true
}

// allFinite64 reports whether every element of x is finite.
func allFinite64(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
