//go:build !purego

package amd64

import "unsafe"

// Batch-normalisation row kernels (AVX-512F). The kernels package holds the
// Go twins (bn.go) and handles the elements past the last block of 16; these
// take lengths that are multiples of 16 and panic otherwise. Arithmetic is
// the twins' operation for operation (no fused multiply-adds).

const badBN = "amd64: batch-norm row length not a multiple of 16 or slices too short"

func checkBN(n int, lens ...int) {
	if n%16 != 0 {
		panic(badBN)
	}
	for _, l := range lens {
		if l < n {
			panic(badBN)
		}
	}
}

// BNStatsAVX512: d = float64(x[j]) − float64(k[j]); sum[j] += d; sq[j] += d·d.
func BNStatsAVX512(x, k []float32, sum, sq []float64) {
	n := len(x)
	checkBN(n, len(k), len(sum), len(sq))
	if n > 0 {
		bnStatsAVX512(unsafe.SliceData(x), unsafe.SliceData(k), unsafe.SliceData(sum), unsafe.SliceData(sq), n)
	}
}

// BNNormaliseAVX512: t = x[j]·a[j] + b[j]; h[j] = t unless h is nil;
// y[j] = g[j]·t + c[j] (t when g is nil), the sign bit cleared when relu.
func BNNormaliseAVX512(x, a, b, g, c, h, y []float32, relu bool) {
	n := len(x)
	checkBN(n, len(a), len(b), len(y))
	flags := 0
	if h != nil {
		checkBN(n, len(h))
		flags |= 1
	}
	if g != nil {
		checkBN(n, len(g), len(c))
		flags |= 2
	}
	if relu {
		flags |= 4
	}
	if n > 0 {
		bnNormaliseAVX512(unsafe.SliceData(x), unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(g), unsafe.SliceData(c),
			unsafe.SliceData(h), unsafe.SliceData(y), n, flags)
	}
}

// BNGradStatsAVX512: d = dy[j], or 0 where y[j] is not positive when y is
// not nil (ReLU); s1[j] += float64(d); s2[j] += float64(d)·float64(h[j]).
func BNGradStatsAVX512(dy, y, h []float32, s1, s2 []float64) {
	n := len(dy)
	checkBN(n, len(h), len(s1), len(s2))
	relu := 0
	if y != nil {
		checkBN(n, len(y))
		relu = 1
	}
	if n > 0 {
		bnGradStatsAVX512(unsafe.SliceData(dy), unsafe.SliceData(y), unsafe.SliceData(h), unsafe.SliceData(s1), unsafe.SliceData(s2), n, relu)
	}
}

// BNGradInputAVX512: d as in BNGradStatsAVX512; dx[j] = a[j]·d + b[j] + c[j]·h[j].
func BNGradInputAVX512(dy, y, h, a, b, c, dx []float32) {
	n := len(dy)
	checkBN(n, len(h), len(a), len(b), len(c), len(dx))
	relu := 0
	if y != nil {
		checkBN(n, len(y))
		relu = 1
	}
	if n > 0 {
		bnGradInputAVX512(unsafe.SliceData(dy), unsafe.SliceData(y), unsafe.SliceData(h), unsafe.SliceData(a), unsafe.SliceData(b),
			unsafe.SliceData(c), unsafe.SliceData(dx), n, relu)
	}
}

//go:noescape
func bnStatsAVX512(x, k *float32, sum, sq *float64, n int)

//go:noescape
func bnNormaliseAVX512(x, a, b, gm, c, h, y *float32, n, flags int)

//go:noescape
func bnGradStatsAVX512(dy, y, h *float32, s1, s2 *float64, n, relu int)

//go:noescape
func bnGradInputAVX512(dy, y, h, a, b, c, dx *float32, n, relu int)
