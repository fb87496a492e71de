//go:build !purego

package kernels

import (
	"unsafe"

	"github.com/directpred/directpred/kernels/amd64"
)

// The direct entries of Implementation's small calls on amd64: on the
// AVX-512 paths Implementation's dot, axpy and GEMV compare cur with the
// path variables and call the assembly directly (dot and axpy with their
// length check inlined), instead of calling through the path's table a
// wrapper that cannot be inlined. At a few nanoseconds per call that chain
// is a fifth of the time (measured on Zen 5, Ddot n = 12: 4.4 ns through
// the table, 3.3 ns direct). The other paths use their table. Dot and axpy
// run the kernels the AVX-512 tables hold, so their results do not depend
// on the entry, except that a dot or GEMV whose kernel windows would reach
// into the next page (inPage, gemvInPage) is gonum's, with gonum's
// rounding.

// onAVX512 reports whether the path in use is one of the AVX-512 paths.
func onAVX512() bool { p := cur; return p == &avx512ISA || p == &avx512bf16ISA }

// ddotAVX512, sdotAVX512, daxpyAVX512 and saxpyAVX512 are the AVX-512
// dot and axpy kernels for len(x) == len(y) > 0, inlined by the caller:
// only for the AVX-512 paths (onAVX512).
func ddotAVX512(x, y []float64) float64     { return amd64.DdotAVX512Inl(x, y) }
func sdotAVX512(x, y []float32) float32     { return amd64.SdotAVX512Inl(x, y) }
func daxpyAVX512(a float64, x, y []float64) { amd64.DaxpyAVX512Inl(a, x, y) }
func saxpyAVX512(a float32, x, y []float32) { amd64.SaxpyAVX512Inl(a, x, y) }

// dgemvNAVX512, dgemvTAVX512, sgemvNAVX512 and sgemvTAVX512 run a GEMV
// that gemvWholeOK accepts (alpha ≠ 0) on the whole-GEMV kernels of the
// AVX-512 paths (y not read when beta is zero): only for those paths
// (onAVX512). They call the assembly through tail jumps (small_amd64.s),
// not through amd64's exported wrappers: those re-check what gemvWholeOK
// has checked (m, n ≥ 1, lda ≥ n, the lengths of a, x and y, no overflow)
// and, over the inlining budget, cost a Go frame, a tenth of a GEMV of a
// few elements (measured on Zen 5: 0.6–1 ns of 10–13 ns).
func dgemvNAVX512(m, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	dgemvNWhole(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

func dgemvTAVX512(m, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	dgemvTWhole(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

func sgemvNAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	sgemvNWhole(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

func sgemvTAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	sgemvTWhole(m, n, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(x), beta, unsafe.SliceData(y))
}

// The tail jumps to amd64's dgemvNSmallAVX512 & co. (same contracts).

//go:noescape
func dgemvNWhole(m, n int, alpha float64, a *float64, lda int, x *float64, beta float64, y *float64)

//go:noescape
func dgemvTWhole(m, n int, alpha float64, a *float64, lda int, x *float64, beta float64, y *float64)

//go:noescape
func sgemvNWhole(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)

//go:noescape
func sgemvTWhole(m, n int, alpha float32, a *float32, lda int, x *float32, beta float32, y *float32)
