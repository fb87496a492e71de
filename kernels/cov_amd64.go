//go:build !purego

package kernels

import (
	"strings"
	"unsafe"
)

// covF32Of returns the float32 covariance kernels of path p: the AVX-512
// ones on the avx512 paths, none elsewhere (the float64 update is used
// there).
func covF32Of(p *isa) *covF32Impl {
	if strings.HasPrefix(p.name, "avx512") {
		return &covF32AVX512
	}
	return nil
}

var covF32AVX512 = covF32Impl{
	tile: func(k, kb int, x []float32, i0, j0, rs int, t []float64, alpha, beta float64, c []float64, ldc, m, n, diag int) {
		checkCovTile(k, kb, len(x), i0, j0, rs, len(t), len(c), ldc, m, n, diag)
		covAccAVX512(k, kb, &x[i0], &x[j0], rs, unsafe.SliceData(t), alpha, beta, unsafe.SliceData(c), ldc, m, n, diag)
	},
	maxDev: func(x []float32, mu []float64) float64 {
		n := len(x)
		mu = mu[:n]
		n8 := n &^ 7
		var mx float64
		if n8 > 0 {
			mx = covMaxDevAVX512(&x[0], &mu[0], n8)
		}
		return max(mx, covMaxDevGeneric(x[n8:], mu[n8:]))
	},
	centre: func(x []float32, mu []float64, s float64, dst []float32) {
		n := len(x)
		mu, dst = mu[:n], dst[:n]
		n8 := n &^ 7
		if n8 > 0 {
			covCentreAVX512(&x[0], &mu[0], s, &dst[0], n8)
		}
		covCentreGeneric(x[n8:], mu[n8:], s, dst[n8:])
	},
}

//go:noescape
func covAccAVX512(k, kb int, a, b *float32, rs int, t *float64, alpha, beta float64, c *float64, ldc, m, n, diag int)

//go:noescape
func covMaxDevAVX512(x *float32, mu *float64, n int) float64

//go:noescape
func covCentreAVX512(x *float32, mu *float64, s float64, dst *float32, n int)
