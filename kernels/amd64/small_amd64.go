//go:build !purego

package amd64

import "unsafe"

// Inlinable entries of the vector kernels for the small calls of package
// kernels' gonum drop-in: one combined length check, so that the caller
// inlines them and calls the assembly directly (DdotAVX512 and SdotAVX512
// are just over the inlining budget, and at a few nanoseconds per call a
// second call level is a fifth of the time). The check is a bounds
// check, which the compiler drops where the caller has sliced x and y to
// one length. The axpy entries compute exactly what the kernels they name
// compute; the dot entries sum short vectors in another order.

// DdotAVX512Inl is DdotAVX512 of x and y[:len(x)] for non-empty x, except
// that up to 32 elements are summed without a loop (ddotSmallAVX512: up
// to four masked vectors, the first two products independent, a tree
// sum; another order than DdotAVX512's). It panics (index out of range)
// unless 0 < len(x) ≤ len(y).
func DdotAVX512Inl(x, y []float64) float64 {
	_ = y[len(x)-1]
	return ddotSmallAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(y))
}

// SdotAVX512Inl is DdotAVX512Inl for float32 (float32 sums; up to 64
// elements without a loop).
func SdotAVX512Inl(x, y []float32) float32 {
	_ = y[len(x)-1]
	return sdotSmallAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(y))
}

// DaxpyAVX512Inl is DaxpyAVX512 of x and y[:len(x)] for non-empty
// x: it panics (index out of range) unless 0 < len(x) ≤ len(y).
func DaxpyAVX512Inl(a float64, x, y []float64) {
	_ = y[len(x)-1]
	daxpyAVX512(len(x), a, unsafe.SliceData(x), unsafe.SliceData(y))
}

// SaxpyAVX512Inl is SaxpyAVX512 of x and y[:len(x)] for non-empty
// x: it panics (index out of range) unless 0 < len(x) ≤ len(y).
func SaxpyAVX512Inl(a float32, x, y []float32) {
	_ = y[len(x)-1]
	saxpyAVX512(len(x), a, unsafe.SliceData(x), unsafe.SliceData(y))
}

//go:noescape
func ddotSmallAVX512(n int, x, y *float64) float64

//go:noescape
func sdotSmallAVX512(n int, x, y *float32) float32

// Whole small GEMVs in one call (small_avx512_amd64.s), for the small
// calls of Implementation's Dgemv and Sgemv: the register-blocked Level 2
// path makes one kernel call per four rows, through a function value, and
// gonum's float64 GEMV is faster than that on a few rows and columns.

// DgemvNSmallAVX512 computes y = alpha·A·x + beta·y for the m×n row-major
// A (row stride lda) in one call, with AVX-512 (four rows at a time, the
// rest one at a time):
//
//	for i := 0; i < m; i++ {
//		var s float64
//		for j := 0; j < n; j++ {
//			s += a[i*lda+j] * x[j]
//		}
//		if beta == 0 {
//			y[i] = alpha * s
//		} else {
//			y[i] = alpha*s + beta*y[i]
//		}
//	}
//
// (y is not read when beta is zero; the sums in another order, with fused
// multiply-adds). It panics unless 1 ≤ m, n ≤ 2¹⁶, n ≤ lda ≤ 2⁴⁰,
// len(a) ≥ (m−1)·lda + n, len(x) ≥ n and len(y) ≥ m.
func DgemvNSmallAVX512(m, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	checkGemvSmall(m, n, lda, len(a), len(x), len(y))
	dgemvNSmallAVX512(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

// DgemvTSmallAVX512 computes y = alpha·Aᵀ·x + beta·y for the m×n row-major
// A (row stride lda) in one call, with AVX-512 (y in registers, 32
// columns per pass over the rows):
//
//	for j := 0; j < n; j++ {
//		var s float64
//		for i := 0; i < m; i++ {
//			s += a[i*lda+j] * x[i]
//		}
//		if beta == 0 {
//			y[j] = alpha * s
//		} else {
//			y[j] = alpha*s + beta*y[j]
//		}
//	}
//
// (y is not read when beta is zero; fused multiply-adds). It panics unless
// 1 ≤ m, n ≤ 2¹⁶, n ≤ lda ≤ 2⁴⁰, len(a) ≥ (m−1)·lda + n, len(x) ≥ m and
// len(y) ≥ n.
func DgemvTSmallAVX512(m, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	checkGemvSmall(m, n, lda, len(a), len(y), len(x))
	dgemvTSmallAVX512(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

// SgemvNSmallAVX512 is DgemvNSmallAVX512 for float32 (float32 sums).
func SgemvNSmallAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	checkGemvSmall(m, n, lda, len(a), len(x), len(y))
	sgemvNSmallAVX512(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

// SgemvTSmallAVX512 is DgemvTSmallAVX512 for float32 (float32 sums, 64
// columns per pass).
func SgemvTSmallAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	checkGemvSmall(m, n, lda, len(a), len(y), len(x))
	sgemvTSmallAVX512(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

// checkGemvSmall panics unless 1 ≤ m, n ≤ 2¹⁶, n ≤ lda ≤ 2⁴⁰ (so that
// (m−1)·lda does not overflow), a holds m rows of n elements at stride lda
// (la ≥ (m−1)·lda + n), and the vectors along the rows (ln ≥ n) and along
// the columns (lm ≥ m) are long enough. (No division: the wrappers stay
// within the inlining budget.)
func checkGemvSmall(m, n, lda, la, ln, lm int) {
	if uint(m-1) >= 1<<16 || uint(n-1) >= 1<<16 || lda < n || lda > 1<<40 || ln < n || lm < m || la < (m-1)*lda+n {
		panic(badL2)
	}
}

//go:noescape
func dgemvNSmallAVX512(m, n int, alpha float64, a *float64, lda int, x *float64, beta float64, y *float64)

//go:noescape
func dgemvTSmallAVX512(m, n int, alpha float64, a *float64, lda int, x *float64, beta float64, y *float64)

//go:noescape
func sgemvNSmallAVX512(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)

//go:noescape
func sgemvTSmallAVX512(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)
