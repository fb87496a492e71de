//go:build !purego

package amd64

import "unsafe"

const badL2 = "amd64: bad Level 2 kernel arguments"

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

// Sdot4AVX512 computes four dot products of the rows of a (stride lda) with
// x, with AVX-512:
//
//	for r := 0; r < 4; r++ {
//		var s float32
//		for j := 0; j < n; j++ {
//			s += a[r*lda+j] * x[j]
//		}
//		out[r] = s
//	}
//
// (summed in another order: two vector accumulators per row, then a
// horizontal sum). It panics unless lda ≥ n, len(a) ≥ 3·lda + n and
// len(x) ≥ n.
func Sdot4AVX512(n int, a []float32, lda int, x []float32) (out [4]float32) {
	if checkL2(n, lda, len(a), len(x)) {
		sdot4AVX512(n, unsafe.SliceData(a), lda, unsafe.SliceData(x), &out[0])
	}
	return out
}

// Ddot4AVX512 is Sdot4AVX512 for float64.
func Ddot4AVX512(n int, a []float64, lda int, x []float64) (out [4]float64) {
	if checkL2(n, lda, len(a), len(x)) {
		ddot4AVX512(n, unsafe.SliceData(a), lda, unsafe.SliceData(x), &out[0])
	}
	return out
}

// Saxpy4AVX512 adds a linear combination of four rows of a (stride lda) to
// y, with AVX-512:
//
//	for j := 0; j < n; j++ {
//		y[j] += c[0]*a[j] + c[1]*a[lda+j] + c[2]*a[2*lda+j] + c[3]*a[3*lda+j]
//	}
//
// (four fused multiply-adds in that order). It panics unless lda ≥ n,
// len(a) ≥ 3·lda + n and len(y) ≥ n.
func Saxpy4AVX512(n int, a []float32, lda int, c [4]float32, y []float32) {
	if checkL2(n, lda, len(a), len(y)) {
		saxpy4AVX512(n, unsafe.SliceData(a), lda, &c[0], unsafe.SliceData(y))
	}
}

// Daxpy4AVX512 is Saxpy4AVX512 for float64.
func Daxpy4AVX512(n int, a []float64, lda int, c [4]float64, y []float64) {
	if checkL2(n, lda, len(a), len(y)) {
		daxpy4AVX512(n, unsafe.SliceData(a), lda, &c[0], unsafe.SliceData(y))
	}
}

//go:noescape
func sdot4AVX512(n int, a *float32, lda int, x *float32, out *float32)

//go:noescape
func ddot4AVX512(n int, a *float64, lda int, x *float64, out *float64)

//go:noescape
func saxpy4AVX512(n int, a *float32, lda int, c *float32, y *float32)

//go:noescape
func daxpy4AVX512(n int, a *float64, lda int, c *float64, y *float64)

// Sdot4AVX2 is Sdot4AVX512 with AVX2 and FMA (256-bit vectors, the tail
// through VMASKMOVPS).
func Sdot4AVX2(n int, a []float32, lda int, x []float32) (out [4]float32) {
	if checkL2(n, lda, len(a), len(x)) {
		sdot4AVX2(n, unsafe.SliceData(a), lda, unsafe.SliceData(x), &out[0])
	}
	return out
}

// Ddot4AVX2 is Sdot4AVX2 for float64.
func Ddot4AVX2(n int, a []float64, lda int, x []float64) (out [4]float64) {
	if checkL2(n, lda, len(a), len(x)) {
		ddot4AVX2(n, unsafe.SliceData(a), lda, unsafe.SliceData(x), &out[0])
	}
	return out
}

// Saxpy4AVX2 is Saxpy4AVX512 with AVX2 and FMA (256-bit vectors, the tail
// through VMASKMOVPS).
func Saxpy4AVX2(n int, a []float32, lda int, c [4]float32, y []float32) {
	if checkL2(n, lda, len(a), len(y)) {
		saxpy4AVX2(n, unsafe.SliceData(a), lda, &c[0], unsafe.SliceData(y))
	}
}

// Daxpy4AVX2 is Saxpy4AVX2 for float64.
func Daxpy4AVX2(n int, a []float64, lda int, c [4]float64, y []float64) {
	if checkL2(n, lda, len(a), len(y)) {
		daxpy4AVX2(n, unsafe.SliceData(a), lda, &c[0], unsafe.SliceData(y))
	}
}

//go:noescape
func sdot4AVX2(n int, a *float32, lda int, x *float32, out *float32)

//go:noescape
func ddot4AVX2(n int, a *float64, lda int, x *float64, out *float64)

//go:noescape
func saxpy4AVX2(n int, a *float32, lda int, c *float32, y *float32)

//go:noescape
func daxpy4AVX2(n int, a *float64, lda int, c *float64, y *float64)

// SrotAVX512 applies the plane rotation (c, s) to x and y, with AVX-512:
//
//	for i := range x {
//		x[i], y[i] = c*x[i]+s*y[i], c*y[i]-s*x[i]
//	}
//
// (each as one product and one fused multiply-add). It panics if
// len(x) != len(y).
func SrotAVX512(x, y []float32, c, s float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		cs := [2]float32{c, s}
		srotAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(y), &cs[0])
	}
}

// DrotAVX512 is SrotAVX512 for float64.
func DrotAVX512(x, y []float64, c, s float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		cs := [2]float64{c, s}
		drotAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(y), &cs[0])
	}
}

//go:noescape
func srotAVX512(n int, x, y *float32, cs *float32)

//go:noescape
func drotAVX512(n int, x, y *float64, cs *float64)

// SgerAVX512 adds the rank-1 update alpha·x·yᵀ to the m×n matrix a (row
// stride lda), with AVX-512, in one call:
//
//	for i := 0; i < m; i++ {
//		ax := alpha * x[i]
//		for j := 0; j < n; j++ {
//			a[i*lda+j] += ax * y[j]
//		}
//	}
//
// It panics unless m, n ≥ 0, lda ≥ n, len(x) ≥ m, len(y) ≥ n and
// len(a) ≥ (m−1)·lda + n.
func SgerAVX512(m, n int, alpha float32, x, y, a []float32, lda int) {
	if checkGer(m, n, lda, len(x), len(y), len(a)) {
		sgerAVX512(m, n, alpha, unsafe.SliceData(x), unsafe.SliceData(y), unsafe.SliceData(a), lda)
	}
}

// DgerAVX512 is SgerAVX512 for float64.
func DgerAVX512(m, n int, alpha float64, x, y, a []float64, lda int) {
	if checkGer(m, n, lda, len(x), len(y), len(a)) {
		dgerAVX512(m, n, alpha, unsafe.SliceData(x), unsafe.SliceData(y), unsafe.SliceData(a), lda)
	}
}

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

//go:noescape
func sgerAVX512(m, n int, alpha float32, x, y, a *float32, lda int)

//go:noescape
func dgerAVX512(m, n int, alpha float64, x, y, a *float64, lda int)
