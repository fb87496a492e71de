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

// sgemmBF16 is sgemm on operands rounded to bfloat16, accumulated in
// float32 (Precision BF16).
func sgemmBF16(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	kernels.SgemmBF16(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// dgemm is the float64 matrix product used for F̂ and W_p.
func dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	kernels.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// syrkLower sets the lower triangle of c (n×n) to alpha·op(A)·op(A)ᵀ +
// beta·c, with op(A) = A (n×k) or Aᵀ (A k×n) (c is not read when beta = 0;
// the strict upper triangle is not touched).
func syrkLower(tA blas.Transpose, n, k int, alpha float64, a []float64, beta float64, c []float64) {
	lda := k
	if tA != blas.NoTrans {
		lda = n
	}
	kernels.Dsyrk(blas.Lower, tA, n, k, alpha, a, lda, beta, c, n)
}

// addTo sets dst ← dst + src (a vector kernel; the same bits as the plain
// loop, since 1·x is exact).
func addTo[T Float](dst, src []T) {
	var z T
	switch any(z).(type) {
	case float32:
		kernels.Saxpy(1, asF32(src), asF32(dst))
	default:
		kernels.Daxpy(1, asF64(src), asF64(dst))
	}
}

// vecTask applies one SGD update to a range of a tensor; ranges are
// independent, so any split gives the same bits.
type vecTask struct {
	p, g, buf []float32
	a, b, c   float32 // lr, mom, wd
}

func (k *vecTask) RunRange(lo, hi, _ int) {
	p, grad, buf := k.p[lo:hi], k.g[lo:hi], k.buf[lo:hi]
	if k.c != 0 {
		kernels.Saxpy(k.c, p, grad)
	}
	kernels.Saxpby(1, grad, k.b, buf)
	kernels.Saxpy(-k.a, buf, p)
}

const vecGrain = 1 << 16

// sgdMomentumUpdate applies one PyTorch SGD step with momentum and coupled
// weight decay (dampening 0, no Nesterov):
//
//	g ← grad + wd·p;  buf ← mom·buf + g;  p ← p − lr·buf
//
// On the very first step PyTorch sets buf = g, which equals mom·0 + g, so a
// zero-initialised buffer gives the same result.
//
// grad is overwritten with g.
func sgdMomentumUpdate(k *vecTask, p, grad, buf []float32, lr, mom, wd float32) {
	k.p, k.g, k.buf = p, grad[:len(p)], buf[:len(p)]
	k.a, k.b, k.c = lr, mom, wd
	kernels.ParallelFor(len(p), vecGrain, k)
	k.p, k.g, k.buf = nil, nil, nil
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
