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
	tile: func(k, kb, g int, a, b []float32, rs int, t []float64, alpha, beta float64, c []float64, ldc, m, n, diag int) {
		checkCovTile(k, kb, g, len(a), len(b), rs, len(t), len(c), ldc, m, n, diag)
		covAccAVX512(k, kb, g, &a[0], &b[0], rs, unsafe.SliceData(t), alpha, beta, unsafe.SliceData(c), ldc, m, n, diag)
	},
	moments: func(x []float32, b, d int, x0, acc []float64, lo, hi []float32) {
		checkCovMoments(len(x), b, d, len(x0), len(acc), len(lo), len(hi))
		n := len(lo)
		n8 := n &^ 7
		if n8 > 0 {
			covMomentsAVX512(&x[0], b, d, &x0[0], &acc[0], &lo[0], &hi[0], n8)
		}
		// The last n mod 8 columns.
		if n8 < n {
			covMomentsGeneric(x[n8:], b, d, x0[n8:], acc[n8:], lo[n8:], hi[n8:])
		}
	},
	centre: func(x []float32, b, ld int, mu []float64, s float64, dst []float32, ps int) {
		n := len(mu)
		checkCovCentre(len(x), b, ld, n, len(dst), ps)
		n8 := n &^ 7
		if n8 > 0 {
			covCentreAVX512(&x[0], b, ld, &mu[0], s, &dst[0], n8, ps)
		}
		// The last n mod 8 columns: 8-aligned, so inside one panel.
		if n8 < n {
			covCentreGeneric(x[n8:], b, ld, mu[n8:], s, dst[n8/covTileCols*ps+n8%covTileCols:], ps)
		}
	},
}

//go:noescape
func covAccAVX512(k, kb, grp int, a, b *float32, rs int, t *float64, alpha, beta float64, c *float64, ldc, m, n, diag int)

//go:noescape
func covMomentsAVX512(x *float32, b, ld int, x0, acc *float64, lo, hi *float32, n int)

//go:noescape
func covCentreAVX512(x *float32, b, ld int, mu *float64, s float64, dst *float32, n, ps int)
