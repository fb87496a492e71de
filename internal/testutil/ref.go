package testutil

import (
	"math"
)

// Eps returns the unit roundoff u of T: 2⁻²⁴ for float32, 2⁻⁵³ for float64.
func Eps[T Float]() float64 {
	var z T
	if _, ok := any(z).(float32); ok {
		return 0x1p-24
	}
	return 0x1p-53
}

// RefGemm computes, in float64, want = alpha*op(A)*op(B) + beta*C and the
// componentwise gauge |alpha|*|op(A)|*|op(B)| + |beta|*|C| for m×n row-major
// results (leading dimension n). beta = 0 ignores C entirely.
func RefGemm[T Float](aTrans, bTrans bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (want, gauge []float64) {
	want = make([]float64, m*n)
	gauge = make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, g float64
			if alpha != 0 {
				for p := 0; p < k; p++ {
					var av, bv float64
					if aTrans {
						av = float64(a[p*lda+i])
					} else {
						av = float64(a[i*lda+p])
					}
					if bTrans {
						bv = float64(b[j*ldb+p])
					} else {
						bv = float64(b[p*ldb+j])
					}
					s += av * bv
					g += math.Abs(av * bv)
				}
			}
			s *= float64(alpha)
			g *= math.Abs(float64(alpha))
			if beta != 0 {
				cv := float64(c[i*ldc+j])
				s += float64(beta) * cv
				g += math.Abs(float64(beta) * cv)
			}
			want[i*n+j] = s
			gauge[i*n+j] = g
		}
	}
	return want, gauge
}

// Tiny returns the smallest positive subnormal of T.
func Tiny[T Float]() float64 {
	var z T
	if _, ok := any(z).(float32); ok {
		return 0x1p-149
	}
	return 0x1p-1074
}

// WithinBound reports whether got agrees with want to the inner-product error
// bound |got − want| ≤ c·(k+2)·(u·gauge + η), with u the unit roundoff and η
// the smallest subnormal of T (each of the k products and the final scaling
// may underflow). NaNs agree with NaNs only.
func WithinBound[T Float](got T, want, gauge float64, k int, c float64) bool {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		return math.IsNaN(want) && math.IsNaN(g)
	}
	if math.IsInf(want, 0) || math.IsInf(g, 0) {
		return want == g
	}
	return math.Abs(g-want) <= c*float64(k+2)*(Eps[T]()*gauge+Tiny[T]())
}
