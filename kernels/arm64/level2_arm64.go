//go:build !purego

package arm64

import "unsafe"

// The NEON Level 2 kernels (level2_neon_arm64.s, written by ./_genl2) have
// the contracts of the amd64 ones (kernels/amd64/level2_amd64.go): the
// wrappers check the lengths, the assembly does every element (whole
// vectors, then the tail one element at a time), so nothing outside the
// slices is read or written. Their doc comments give the reference loop;
// the assembly computes the same values with fused multiply-adds (dot4 in
// a different order).

const badL2 = "arm64: bad Level 2 kernel arguments"

// checkL2 panics unless n ≥ 0, lda ≥ n, a holds four rows of n elements at
// stride lda and v (x or y) holds n elements; it reports whether n > 0.
func checkL2(n, lda, la, lv int) bool {
	if n < 0 || lda < n || lv < n {
		panic(badL2)
	}
	if n == 0 {
		return false
	}
	if la < 3*lda+n {
		panic(badL2)
	}
	return true
}

// Sdot4NEON computes four dot products of the rows of a (stride lda) with
// x:
//
//	for r := 0; r < 4; r++ {
//		var s float32
//		for j := 0; j < n; j++ {
//			s += a[r*lda+j] * x[j]
//		}
//		out[r] = s
//	}
//
// (summed in another order: two vector accumulators per row, their lanes,
// then the last n mod 4 elements in order). It panics unless n ≥ 0,
// lda ≥ n, len(a) ≥ 3·lda + n (for n > 0) and len(x) ≥ n.
func Sdot4NEON(n int, a []float32, lda int, x []float32) (out [4]float32) {
	if checkL2(n, lda, len(a), len(x)) {
		sdot4NEON(n, unsafe.SliceData(a), lda, unsafe.SliceData(x), &out[0])
	}
	return out
}

// Ddot4NEON is Sdot4NEON for float64 (the tail is the last n mod 2
// elements).
func Ddot4NEON(n int, a []float64, lda int, x []float64) (out [4]float64) {
	if checkL2(n, lda, len(a), len(x)) {
		ddot4NEON(n, unsafe.SliceData(a), lda, unsafe.SliceData(x), &out[0])
	}
	return out
}

// Saxpy4NEON adds a linear combination of four rows of a (stride lda) to
// y:
//
//	for j := 0; j < n; j++ {
//		y[j] += c[0]*a[j] + c[1]*a[lda+j] + c[2]*a[2*lda+j] + c[3]*a[3*lda+j]
//	}
//
// (four fused multiply-adds in that order). It panics unless n ≥ 0,
// lda ≥ n, len(a) ≥ 3·lda + n (for n > 0) and len(y) ≥ n.
func Saxpy4NEON(n int, a []float32, lda int, c [4]float32, y []float32) {
	if checkL2(n, lda, len(a), len(y)) {
		saxpy4NEON(n, unsafe.SliceData(a), lda, &c[0], unsafe.SliceData(y))
	}
}

// Daxpy4NEON is Saxpy4NEON for float64.
func Daxpy4NEON(n int, a []float64, lda int, c [4]float64, y []float64) {
	if checkL2(n, lda, len(a), len(y)) {
		daxpy4NEON(n, unsafe.SliceData(a), lda, &c[0], unsafe.SliceData(y))
	}
}

// SrotNEON applies the plane rotation (c, s) to x and y:
//
//	for i := range x {
//		x[i], y[i] = c*x[i]+s*y[i], c*y[i]-s*x[i]
//	}
//
// (each as one product and one fused multiply-add). It panics if
// len(x) != len(y).
func SrotNEON(x, y []float32, c, s float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		cs := [2]float32{c, s}
		srotNEON(len(x), unsafe.SliceData(x), unsafe.SliceData(y), &cs[0])
	}
}

// DrotNEON is SrotNEON for float64.
func DrotNEON(x, y []float64, c, s float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		cs := [2]float64{c, s}
		drotNEON(len(x), unsafe.SliceData(x), unsafe.SliceData(y), &cs[0])
	}
}

// SgerNEON adds the rank-1 update alpha·x·yᵀ to the m×n matrix a (row
// stride lda) in one call:
//
//	for i := 0; i < m; i++ {
//		ax := alpha * x[i]
//		for j := 0; j < n; j++ {
//			a[i*lda+j] += ax * y[j]
//		}
//	}
//
// (the update one fused multiply-add). It panics unless m, n ≥ 0, lda ≥ n,
// len(x) ≥ m, len(y) ≥ n and len(a) ≥ (m−1)·lda + n (for m, n > 0).
func SgerNEON(m, n int, alpha float32, x, y, a []float32, lda int) {
	if checkGer(m, n, lda, len(x), len(y), len(a)) {
		sgerNEON(m, n, alpha, unsafe.SliceData(x), unsafe.SliceData(y), unsafe.SliceData(a), lda)
	}
}

// DgerNEON is SgerNEON for float64.
func DgerNEON(m, n int, alpha float64, x, y, a []float64, lda int) {
	if checkGer(m, n, lda, len(x), len(y), len(a)) {
		dgerNEON(m, n, alpha, unsafe.SliceData(x), unsafe.SliceData(y), unsafe.SliceData(a), lda)
	}
}

// checkGer panics unless the ger arguments are consistent (see SgerNEON);
// it reports whether there is anything to do.
func checkGer(m, n, lda, lx, ly, la int) bool {
	if m < 0 || n < 0 || lda < n || lx < m || ly < n {
		panic(badL2)
	}
	if m == 0 || n == 0 {
		return false
	}
	if la < (m-1)*lda+n {
		panic(badL2)
	}
	return true
}
