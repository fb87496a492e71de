//go:build !purego

package amd64

import "unsafe"

const badLen = "amd64: length mismatch of x and y"

// The vector kernels below work on whole slices of any length and any
// alignment. The AVX-512 kernels finish with one masked load/store, the AVX2
// kernels with a scalar loop: nothing outside the slices is read or written.
// Their doc comments give the reference loop; the assembly computes the same
// values with fused multiply-adds (dot in a different order: four vector
// accumulators, then a horizontal sum).

// SdotAVX512 returns Σ x[i]*y[i] (float32 accumulation). It panics if
// len(x) != len(y).
//
//	var s float32
//	for i := range x {
//		s += x[i] * y[i]
//	}
func SdotAVX512(x, y []float32) float32 {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) == 0 {
		return 0
	}
	return sdotAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(y))
}

// DdotAVX512 is SdotAVX512 for float64.
func DdotAVX512(x, y []float64) float64 {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) == 0 {
		return 0
	}
	return ddotAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(y))
}

// SaxpyAVX512 computes y += a*x. It panics if len(x) != len(y).
//
//	for i := range y {
//		y[i] += a * x[i]
//	}
func SaxpyAVX512(a float32, x, y []float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		saxpyAVX512(len(x), a, unsafe.SliceData(x), unsafe.SliceData(y))
	}
}

// DaxpyAVX512 is SaxpyAVX512 for float64.
func DaxpyAVX512(a float64, x, y []float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		daxpyAVX512(len(x), a, unsafe.SliceData(x), unsafe.SliceData(y))
	}
}

// SaxpbyAVX512 computes y = a*x + b*y (y is read even when b == 0). It
// panics if len(x) != len(y).
//
//	for i := range y {
//		y[i] = a*x[i] + b*y[i]
//	}
func SaxpbyAVX512(a float32, x []float32, b float32, y []float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		saxpbyAVX512(len(x), a, unsafe.SliceData(x), b, unsafe.SliceData(y))
	}
}

// DaxpbyAVX512 is SaxpbyAVX512 for float64.
func DaxpbyAVX512(a float64, x []float64, b float64, y []float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		daxpbyAVX512(len(x), a, unsafe.SliceData(x), b, unsafe.SliceData(y))
	}
}

// SscalAVX512 computes x = a*x.
//
//	for i := range x {
//		x[i] *= a
//	}
func SscalAVX512(a float32, x []float32) {
	if len(x) > 0 {
		sscalAVX512(len(x), a, unsafe.SliceData(x))
	}
}

// DscalAVX512 is SscalAVX512 for float64.
func DscalAVX512(a float64, x []float64) {
	if len(x) > 0 {
		dscalAVX512(len(x), a, unsafe.SliceData(x))
	}
}

// SdotAVX2 is SdotAVX512 with AVX2 and FMA.
func SdotAVX2(x, y []float32) float32 {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) == 0 {
		return 0
	}
	return sdotAVX2(len(x), unsafe.SliceData(x), unsafe.SliceData(y))
}

// DdotAVX2 is DdotAVX512 with AVX2 and FMA.
func DdotAVX2(x, y []float64) float64 {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) == 0 {
		return 0
	}
	return ddotAVX2(len(x), unsafe.SliceData(x), unsafe.SliceData(y))
}

// SaxpyAVX2 is SaxpyAVX512 with AVX2 and FMA.
func SaxpyAVX2(a float32, x, y []float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		saxpyAVX2(len(x), a, unsafe.SliceData(x), unsafe.SliceData(y))
	}
}

// DaxpyAVX2 is DaxpyAVX512 with AVX2 and FMA.
func DaxpyAVX2(a float64, x, y []float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		daxpyAVX2(len(x), a, unsafe.SliceData(x), unsafe.SliceData(y))
	}
}

// SaxpbyAVX2 is SaxpbyAVX512 with AVX2 and FMA.
func SaxpbyAVX2(a float32, x []float32, b float32, y []float32) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		saxpbyAVX2(len(x), a, unsafe.SliceData(x), b, unsafe.SliceData(y))
	}
}

// DaxpbyAVX2 is DaxpbyAVX512 with AVX2 and FMA.
func DaxpbyAVX2(a float64, x []float64, b float64, y []float64) {
	if len(x) != len(y) {
		panic(badLen)
	}
	if len(x) > 0 {
		daxpbyAVX2(len(x), a, unsafe.SliceData(x), b, unsafe.SliceData(y))
	}
}

// SscalAVX2 is SscalAVX512 with AVX2.
func SscalAVX2(a float32, x []float32) {
	if len(x) > 0 {
		sscalAVX2(len(x), a, unsafe.SliceData(x))
	}
}

// DscalAVX2 is DscalAVX512 with AVX2.
func DscalAVX2(a float64, x []float64) {
	if len(x) > 0 {
		dscalAVX2(len(x), a, unsafe.SliceData(x))
	}
}

//go:noescape
func sdotAVX512(n int, x, y *float32) float32

//go:noescape
func ddotAVX512(n int, x, y *float64) float64

//go:noescape
func saxpyAVX512(n int, a float32, x, y *float32)

//go:noescape
func daxpyAVX512(n int, a float64, x, y *float64)

//go:noescape
func saxpbyAVX512(n int, a float32, x *float32, b float32, y *float32)

//go:noescape
func daxpbyAVX512(n int, a float64, x *float64, b float64, y *float64)

//go:noescape
func sscalAVX512(n int, a float32, x *float32)

//go:noescape
func dscalAVX512(n int, a float64, x *float64)

//go:noescape
func sdotAVX2(n int, x, y *float32) float32

//go:noescape
func ddotAVX2(n int, x, y *float64) float64

//go:noescape
func saxpyAVX2(n int, a float32, x, y *float32)

//go:noescape
func daxpyAVX2(n int, a float64, x, y *float64)

//go:noescape
func saxpbyAVX2(n int, a float32, x *float32, b float32, y *float32)

//go:noescape
func daxpbyAVX2(n int, a float64, x *float64, b float64, y *float64)

//go:noescape
func sscalAVX2(n int, a float32, x *float32)

//go:noescape
func dscalAVX2(n int, a float64, x *float64)

const badConvLen = "amd64: length mismatch of x, mu and out"

// The covariance helpers widen x to float64 and subtract a shift vector:
//
//	for j := range x {
//		out[j] = float64(x[j]) - mu[j]  // Centre
//		out[j] += float64(x[j]) - mu[j] // AccSub
//	}
//
// They panic unless len(mu) and len(out) equal len(x).

func checkConv(nx, nmu, nout int) bool {
	if nmu != nx || nout != nx {
		panic(badConvLen)
	}
	return nx > 0
}

// ScentreAVX512 is Centre for float32 x with AVX-512.
func ScentreAVX512(x []float32, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		scentreAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// DcentreAVX512 is Centre for float64 x with AVX-512.
func DcentreAVX512(x []float64, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		dcentreAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// SaccsubAVX512 is AccSub for float32 x with AVX-512.
func SaccsubAVX512(x []float32, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		saccsubAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// DaccsubAVX512 is AccSub for float64 x with AVX-512.
func DaccsubAVX512(x []float64, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		daccsubAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// ScentreAVX2 is Centre for float32 x with AVX2.
func ScentreAVX2(x []float32, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		scentreAVX2(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// DcentreAVX2 is Centre for float64 x with AVX2.
func DcentreAVX2(x []float64, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		dcentreAVX2(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// SaccsubAVX2 is AccSub for float32 x with AVX2.
func SaccsubAVX2(x []float32, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		saccsubAVX2(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

// DaccsubAVX2 is AccSub for float64 x with AVX2.
func DaccsubAVX2(x []float64, mu, out []float64) {
	if checkConv(len(x), len(mu), len(out)) {
		daccsubAVX2(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out))
	}
}

//go:noescape
func scentreAVX512(n int, x *float32, mu, out *float64)

//go:noescape
func dcentreAVX512(n int, x *float64, mu, out *float64)

//go:noescape
func saccsubAVX512(n int, x *float32, mu, out *float64)

//go:noescape
func daccsubAVX512(n int, x *float64, mu, out *float64)

//go:noescape
func scentreAVX2(n int, x *float32, mu, out *float64)

//go:noescape
func dcentreAVX2(n int, x *float64, mu, out *float64)

//go:noescape
func saccsubAVX2(n int, x *float32, mu, out *float64)

//go:noescape
func daccsubAVX2(n int, x *float64, mu, out *float64)

const badPanels = "amd64: bad panel arguments"

// checkPanels panics unless out has len(x) elements, mu at least len(x),
// and pan holds ⌈len(x)/8⌉ panels of 8 at stride ps ≥ 8.
func checkPanels(nx, nmu, nout, npan, ps int) bool {
	if nmu < nx || nout != nx {
		panic(badConvLen)
	}
	if nx == 0 {
		return false
	}
	if ps < 8 || npan < ((nx+7)/8-1)*ps+8 {
		panic(badPanels)
	}
	return true
}

// ScentrePanelsAVX512 centres one row into out and into 8-wide panels:
//
//	for j := range x {
//		v := float64(x[j]) - mu[j]
//		out[j] = v
//		pan[(j/8)*ps+j%8] = v
//	}
//
// and sets the lanes of the last panel past len(x) to zero. It panics
// unless len(out) = len(x) ≤ len(mu), ps ≥ 8 and pan holds the panels.
func ScentrePanelsAVX512(x []float32, mu, out, pan []float64, ps int) {
	if checkPanels(len(x), len(mu), len(out), len(pan), ps) {
		scentrePanelsAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out), unsafe.SliceData(pan), ps)
	}
}

// DcentrePanelsAVX512 is ScentrePanelsAVX512 for float64 x.
func DcentrePanelsAVX512(x []float64, mu, out, pan []float64, ps int) {
	if checkPanels(len(x), len(mu), len(out), len(pan), ps) {
		dcentrePanelsAVX512(len(x), unsafe.SliceData(x), unsafe.SliceData(mu), unsafe.SliceData(out), unsafe.SliceData(pan), ps)
	}
}

//go:noescape
func scentrePanelsAVX512(n int, x *float32, mu, out, pan *float64, ps int)

//go:noescape
func dcentrePanelsAVX512(n int, x *float64, mu, out, pan *float64, ps int)

const badRuns = "amd64: bad packRuns8 arguments"

// SpackRuns8 copies k runs of 8 elements from a strided source into a packed
// panel (the transposed-A packing of an MR = 8 GEMM tile), with AVX:
//
//	for p := 0; p < k; p++ {
//		copy(dst[p*8:p*8+8], src[p*ld:p*ld+8])
//	}
//
// It panics unless ld ≥ 8, len(dst) ≥ 8k and len(src) ≥ (k−1)·ld + 8.
func SpackRuns8(dst, src []float32, ld, k int) {
	if checkRuns(len(dst), len(src), ld, k) {
		spackRuns8(k, unsafe.SliceData(src), ld, unsafe.SliceData(dst))
	}
}

// DpackRuns8 is SpackRuns8 for float64.
func DpackRuns8(dst, src []float64, ld, k int) {
	if checkRuns(len(dst), len(src), ld, k) {
		dpackRuns8(k, unsafe.SliceData(src), ld, unsafe.SliceData(dst))
	}
}

func checkRuns(ndst, nsrc, ld, k int) bool {
	if k < 0 || ld < 8 {
		panic(badRuns)
	}
	if k == 0 {
		return false
	}
	if ndst < 8*k || nsrc < (k-1)*ld+8 {
		panic(badRuns)
	}
	return true
}

//go:noescape
func spackRuns8(k int, src *float32, ld int, dst *float32)

//go:noescape
func dpackRuns8(k int, src *float64, ld int, dst *float64)
