//go:build !purego

package amd64

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// HasAVX512 reports whether this CPU and OS can run the AVX-512 kernels
// (AVX-512F, plus BMI2 for the edge masks).
var HasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasBMI2

// HasAVX2 reports whether this CPU and OS can run the AVX2 kernels (AVX2 and
// FMA; the edge masks come from a table, not BMI2).
var HasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// Register tiles of the AVX-512 GEMM micro-kernels: MR rows of C, NR columns
// (three vectors per row).
const (
	SgemmAVX512MR, SgemmAVX512NR = 8, 48
	DgemmAVX512MR, DgemmAVX512NR = 8, 24
)

// Register tiles of the AVX2 GEMM micro-kernels: MR rows of C, NR columns
// (two vectors per row).
const (
	SgemmAVX2MR, SgemmAVX2NR = 6, 16
	DgemmAVX2MR, DgemmAVX2NR = 6, 8
)

const (
	badTile = "amd64: bad tile size"
	badK    = "amd64: k < 0"
	badRsb  = "amd64: bad row stride of b"
	badLdc  = "amd64: bad ldc"
	badLda  = "amd64: bad lda"
	shortA  = "amd64: insufficient length of a"
	shortB  = "amd64: insufficient length of b"
	shortC  = "amd64: insufficient length of c"
)

// checkTile panics unless the micro-kernel contract holds: 0 ≤ m ≤ mr,
// 0 ≤ n ≤ nr, len(a) ≥ mr·k, rsb ≥ n, len(b) ≥ (k−1)·rsb + n, ldc ≥ n,
// len(c) ≥ (m−1)·ldc + n. It reports whether there is anything to do.
func checkTile(mr, nr, k, la, lb, rsb, lc, ldc, m, n int) bool {
	if m < 0 || m > mr || n < 0 || n > nr {
		panic(badTile)
	}
	if k < 0 {
		panic(badK)
	}
	if m == 0 || n == 0 {
		return false
	}
	if rsb < n {
		panic(badRsb)
	}
	if ldc < n {
		panic(badLdc)
	}
	if la < mr*k {
		panic(shortA)
	}
	if k > 0 && lb < (k-1)*rsb+n {
		panic(shortB)
	}
	if lc < (m-1)*ldc+n {
		panic(shortC)
	}
	return true
}

// SgemmAVX512 computes one tile of C with AVX-512. For i < m ≤ 8 and j < n ≤ 48:
//
//	var s float32
//	for p := 0; p < k; p++ {
//		s += a[p*8+i] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is an 8-row packed panel; b has unit column stride and row stride rsb. It
// reads b[p*rsb+j] only for j < n and writes nothing outside the m×n tile.
// It panics if a slice is too short for that.
func SgemmAVX512(k int, alpha float32, a, b []float32, rsb int, beta float32, c []float32, ldc, m, n int) {
	if checkTile(SgemmAVX512MR, SgemmAVX512NR, k, len(a), len(b), rsb, len(c), ldc, m, n) {
		sgemmAVX512(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc, m, n)
	}
}

// DgemmAVX512 computes one tile of C with AVX-512. For i < m ≤ 8 and j < n ≤ 24:
//
//	var s float64
//	for p := 0; p < k; p++ {
//		s += a[p*8+i] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is an 8-row packed panel; b has unit column stride and row stride rsb. It
// reads b[p*rsb+j] only for j < n and writes nothing outside the m×n tile.
// It panics if a slice is too short for that.
func DgemmAVX512(k int, alpha float64, a, b []float64, rsb int, beta float64, c []float64, ldc, m, n int) {
	if checkTile(DgemmAVX512MR, DgemmAVX512NR, k, len(a), len(b), rsb, len(c), ldc, m, n) {
		dgemmAVX512(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc, m, n)
	}
}

// SgemmAVX2 computes one tile of C with AVX2 and FMA. For i < m ≤ 6 and j < n ≤ 16:
//
//	var s float32
//	for p := 0; p < k; p++ {
//		s += a[p*6+i] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is a 6-row packed panel; b has unit column stride and row stride rsb. It
// reads b[p*rsb+j] only for j < n and writes nothing outside the m×n tile.
// It panics if a slice is too short for that.
func SgemmAVX2(k int, alpha float32, a, b []float32, rsb int, beta float32, c []float32, ldc, m, n int) {
	if checkTile(SgemmAVX2MR, SgemmAVX2NR, k, len(a), len(b), rsb, len(c), ldc, m, n) {
		sgemmAVX2(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc, m, n)
	}
}

// DgemmAVX2 computes one tile of C with AVX2 and FMA. For i < m ≤ 6 and j < n ≤ 8:
//
//	var s float64
//	for p := 0; p < k; p++ {
//		s += a[p*6+i] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is a 6-row packed panel; b has unit column stride and row stride rsb. It
// reads b[p*rsb+j] only for j < n and writes nothing outside the m×n tile.
// It panics if a slice is too short for that.
func DgemmAVX2(k int, alpha float64, a, b []float64, rsb int, beta float64, c []float64, ldc, m, n int) {
	if checkTile(DgemmAVX2MR, DgemmAVX2NR, k, len(a), len(b), rsb, len(c), ldc, m, n) {
		dgemmAVX2(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc, m, n)
	}
}

//go:noescape
func sgemmAVX2(k int, alpha float32, a, b *float32, rsb int, beta float32, c *float32, ldc, m, n int)

//go:noescape
func dgemmAVX2(k int, alpha float64, a, b *float64, rsb int, beta float64, c *float64, ldc, m, n int)

//go:noescape
func sgemmAVX512(k int, alpha float32, a, b *float32, rsb int, beta float32, c *float32, ldc, m, n int)

//go:noescape
func dgemmAVX512(k int, alpha float64, a, b *float64, rsb int, beta float64, c *float64, ldc, m, n int)

// SgemmAVX512Strided is SgemmAVX512 with A read in place instead of from a
// packed panel. For i < m ≤ 8 and j < n ≤ 48:
//
//	var s float32
//	for p := 0; p < k; p++ {
//		s += a[i*lda+p] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// It reads a[i*lda+p] only for i < m, p < k, and panics if a slice is too
// short for that.
func SgemmAVX512Strided(k int, alpha float32, a []float32, lda int, b []float32, rsb int, beta float32, c []float32, ldc, m, n int) {
	if checkTile(SgemmAVX512MR, SgemmAVX512NR, k, SgemmAVX512MR*k, len(b), rsb, len(c), ldc, m, n) && checkStridedA(k, len(a), lda, m) {
		sgemmAVX512Strided(k, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc, m, n)
	}
}

// DgemmAVX512Strided is DgemmAVX512 with A read in place instead of from a
// packed panel. For i < m ≤ 8 and j < n ≤ 24:
//
//	var s float64
//	for p := 0; p < k; p++ {
//		s += a[i*lda+p] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// It reads a[i*lda+p] only for i < m, p < k, and panics if a slice is too
// short for that.
func DgemmAVX512Strided(k int, alpha float64, a []float64, lda int, b []float64, rsb int, beta float64, c []float64, ldc, m, n int) {
	if checkTile(DgemmAVX512MR, DgemmAVX512NR, k, DgemmAVX512MR*k, len(b), rsb, len(c), ldc, m, n) && checkStridedA(k, len(a), lda, m) {
		dgemmAVX512Strided(k, alpha, unsafe.SliceData(a), lda, unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc, m, n)
	}
}

// checkStridedA panics unless an in-place A of m rows and k columns with
// leading dimension lda fits in la elements; it reports whether m > 0.
func checkStridedA(k, la, lda, m int) bool {
	if k < 0 {
		panic(badK)
	}
	if lda < k {
		panic(badLda)
	}
	if m <= 0 {
		return false
	}
	if la < (m-1)*lda+k {
		panic(shortA)
	}
	return true
}

//go:noescape
func sgemmAVX512Strided(k int, alpha float32, a *float32, lda int, b *float32, rsb int, beta float32, c *float32, ldc, m, n int)

//go:noescape
func dgemmAVX512Strided(k int, alpha float64, a *float64, lda int, b *float64, rsb int, beta float64, c *float64, ldc, m, n int)
