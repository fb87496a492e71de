//go:build !purego

package arm64

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// HasNEON reports whether this CPU can run the NEON kernels (Advanced SIMD,
// part of every ARMv8-A CPU that Go supports).
var HasNEON = cpu.ARM64.HasASIMD

// Register tiles of the NEON GEMM micro-kernels: MR rows of C, NR columns.
// The kernels compute full tiles only.
const (
	SgemmNEONMR, SgemmNEONNR = 8, 12
	DgemmNEONMR, DgemmNEONNR = 6, 8
)

const (
	badTile = "arm64: bad tile size"
	badK    = "arm64: k < 0"
	badRsb  = "arm64: bad row stride of b"
	badLdc  = "arm64: bad ldc"
	shortA  = "arm64: insufficient length of a"
	shortB  = "arm64: insufficient length of b"
	shortC  = "arm64: insufficient length of c"
)

// checkFullTile panics unless the contract of a full-tile micro-kernel holds:
// m = mr, n = nr, k ≥ 0, rsb ≥ nr, ldc ≥ nr, len(a) ≥ mr·k,
// len(b) ≥ (k−1)·rsb + nr, len(c) ≥ (mr−1)·ldc + nr.
func checkFullTile(mr, nr, k, la, lb, rsb, lc, ldc, m, n int) {
	if m != mr || n != nr {
		panic(badTile)
	}
	if k < 0 {
		panic(badK)
	}
	if rsb < nr {
		panic(badRsb)
	}
	if ldc < nr {
		panic(badLdc)
	}
	if la < mr*k {
		panic(shortA)
	}
	if k > 0 && lb < (k-1)*rsb+nr {
		panic(shortB)
	}
	if lc < (mr-1)*ldc+nr {
		panic(shortC)
	}
}

// SgemmNEON computes one full 8×12 tile of C with NEON (m must be 8 and n 12).
// For i < 8 and j < 12:
//
//	var s float32
//	for p := 0; p < k; p++ {
//		s += a[p*8+i] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is an 8-row packed panel; b has unit column stride and row stride rsb. It
// panics if a slice is too short for that.
func SgemmNEON(k int, alpha float32, a, b []float32, rsb int, beta float32, c []float32, ldc, m, n int) {
	checkFullTile(SgemmNEONMR, SgemmNEONNR, k, len(a), len(b), rsb, len(c), ldc, m, n)
	sgemmNEON(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc)
}

// DgemmNEON computes one full 6×8 tile of C with NEON (m must be 6 and n 8).
// For i < 6 and j < 8:
//
//	var s float64
//	for p := 0; p < k; p++ {
//		s += a[p*6+i] * b[p*rsb+j]
//	}
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// a is a 6-row packed panel; b has unit column stride and row stride rsb. It
// panics if a slice is too short for that.
func DgemmNEON(k int, alpha float64, a, b []float64, rsb int, beta float64, c []float64, ldc, m, n int) {
	checkFullTile(DgemmNEONMR, DgemmNEONNR, k, len(a), len(b), rsb, len(c), ldc, m, n)
	dgemmNEON(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), rsb, beta, unsafe.SliceData(c), ldc)
}

//go:noescape
func sgemmNEON(k int, alpha float32, a, b *float32, rsb int, beta float32, c *float32, ldc int)

//go:noescape
func dgemmNEON(k int, alpha float64, a, b *float64, rsb int, beta float64, c *float64, ldc int)
