//go:build !purego

package arm64

import "unsafe"

const badLen = "arm64: length mismatch of x and y"

// The NEON vector kernels below work on whole slices of any length and any
// alignment: the assembly covers the largest multiple of the vector length
// (4 float32s, 2 float64s) and the wrapper the remaining elements in Go, so
// nothing outside the slices is read or written. Their doc comments give
// the reference loop; the assembly computes the same values with fused
// multiply-adds (dot in a different order: four vector accumulators, then
// the lanes).

// SdotNEON returns Σ x[i]*y[i] (float32 accumulation). It panics if
// len(x) != len(y).
//
//	var s float32
//	for i := range x {
//		s += x[i] * y[i]
//	}
func SdotNEON(x, y []float32) float32 {
	if len(x) != len(y) {
		panic(badLen)
	}
	n := len(x) &^ 3
	var s float32
	if n > 0 {
		var acc [4]float32
		sdotNEON(n, unsafe.SliceData(x), unsafe.SliceData(y), &acc)
		s = (acc[0] + acc[1]) + (acc[2] + acc[3])
	}
	for i := n; i < len(x); i++ {
		s += x[i] * y[i]
	}
	return s
}

// DdotNEON is SdotNEON for float64.
func DdotNEON(x, y []float64) float64 {
	if len(x) != len(y) {
		panic(badLen)
	}
	n := len(x) &^ 1
	var s float64
	if n > 0 {
		var acc [2]float64
		ddotNEON(n, unsafe.SliceData(x), unsafe.SliceData(y), &acc)
		s = acc[0] + acc[1]
	}
	for i := n; i < len(x); i++ {
		s += x[i] * y[i]
	}
	return s
}

// SaxpyNEON computes y += a*x. It panics if len(x) != len(y).
//
//	for i := range y {
//		y[i] += a * x[i]
//	}
func SaxpyNEON(a float32, x, y []float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	n := len(x) &^ 3
	if n > 0 {
		saxpyNEON(n, a, unsafe.SliceData(x), unsafe.SliceData(y))
	}
	for i := n; i < len(x); i++ {
		y[i] += a * x[i]
	}
}

// DaxpyNEON is SaxpyNEON for float64.
func DaxpyNEON(a float64, x, y []float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	n := len(x) &^ 1
	if n > 0 {
		daxpyNEON(n, a, unsafe.SliceData(x), unsafe.SliceData(y))
	}
	for i := n; i < len(x); i++ {
		y[i] += a * x[i]
	}
}

// SaxpbyNEON computes y = a*x + b*y (y is read even when b == 0). It panics
// if len(x) != len(y).
//
//	for i := range y {
//		y[i] = a*x[i] + b*y[i]
//	}
func SaxpbyNEON(a float32, x []float32, b float32, y []float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	n := len(x) &^ 3
	if n > 0 {
		saxpbyNEON(n, a, unsafe.SliceData(x), b, unsafe.SliceData(y))
	}
	for i := n; i < len(x); i++ {
		y[i] = a*x[i] + b*y[i]
	}
}

// DaxpbyNEON is SaxpbyNEON for float64.
func DaxpbyNEON(a float64, x []float64, b float64, y []float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	n := len(x) &^ 1
	if n > 0 {
		daxpbyNEON(n, a, unsafe.SliceData(x), b, unsafe.SliceData(y))
	}
	for i := n; i < len(x); i++ {
		y[i] = a*x[i] + b*y[i]
	}
}

// SscalNEON computes x = a*x.
//
//	for i := range x {
//		x[i] *= a
//	}
func SscalNEON(a float32, x []float32) {
	n := len(x) &^ 3
	if n > 0 {
		sscalNEON(n, a, unsafe.SliceData(x))
	}
	for i := n; i < len(x); i++ {
		x[i] *= a
	}
}

// DscalNEON is SscalNEON for float64.
func DscalNEON(a float64, x []float64) {
	n := len(x) &^ 1
	if n > 0 {
		dscalNEON(n, a, unsafe.SliceData(x))
	}
	for i := n; i < len(x); i++ {
		x[i] *= a
	}
}

//go:noescape
func sdotNEON(n int, x, y *float32, acc *[4]float32)

//go:noescape
func ddotNEON(n int, x, y *float64, acc *[2]float64)

//go:noescape
func saxpyNEON(n int, a float32, x, y *float32)

//go:noescape
func daxpyNEON(n int, a float64, x, y *float64)

//go:noescape
func saxpbyNEON(n int, a float32, x *float32, b float32, y *float32)

//go:noescape
func daxpbyNEON(n int, a float64, x *float64, b float64, y *float64)

//go:noescape
func sscalNEON(n int, a float32, x *float32)

//go:noescape
func dscalNEON(n int, a float64, x *float64)

const badConvLen = "arm64: length mismatch of x, mu and out"

// The covariance helpers widen x to float64 and subtract a shift vector:
//
//	for j := range x {
//		out[j] = float64(x[j]) - mu[j]  // Centre
//		out[j] += float64(x[j]) - mu[j] // AccSub
//	}
//
// The assembly covers groups of four elements, the wrapper the rest. They
// panic unless len(mu) and len(out) equal len(x).

// ScentreNEON is Centre for float32 x.
func ScentreNEON(x []float32, mu, out []float64) {
	if len(mu) != len(x) || len(out) != len(x) {
		panic(badConvLen)
	}
	n := len(x) &^ 3
	if n > 0 {
		scentreNEON(n, unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
	for j := n; j < len(x); j++ {
		out[j] = float64(x[j]) - mu[j]
	}
}

// DcentreNEON is Centre for float64 x.
func DcentreNEON(x []float64, mu, out []float64) {
	if len(mu) != len(x) || len(out) != len(x) {
		panic(badConvLen)
	}
	n := len(x) &^ 3
	if n > 0 {
		dcentreNEON(n, unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
	for j := n; j < len(x); j++ {
		out[j] = x[j] - mu[j]
	}
}

// SaccsubNEON is AccSub for float32 x.
func SaccsubNEON(x []float32, mu, out []float64) {
	if len(mu) != len(x) || len(out) != len(x) {
		panic(badConvLen)
	}
	n := len(x) &^ 3
	if n > 0 {
		saccsubNEON(n, unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
	for j := n; j < len(x); j++ {
		out[j] += float64(x[j]) - mu[j]
	}
}

// DaccsubNEON is AccSub for float64 x.
func DaccsubNEON(x []float64, mu, out []float64) {
	if len(mu) != len(x) || len(out) != len(x) {
		panic(badConvLen)
	}
	n := len(x) &^ 3
	if n > 0 {
		daccsubNEON(n, unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
	for j := n; j < len(x); j++ {
		out[j] += x[j] - mu[j]
	}
}

//go:noescape
func scentreNEON(n int, x *float32, mu, out *float64)

//go:noescape
func dcentreNEON(n int, x *float64, mu, out *float64)

//go:noescape
func saccsubNEON(n int, x *float32, mu, out *float64)

//go:noescape
func daccsubNEON(n int, x *float64, mu, out *float64)
