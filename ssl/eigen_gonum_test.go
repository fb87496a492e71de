package ssl

import "gonum.org/v1/gonum/mat"

// gonumEigen implements symEigen with gonum's mat.EigenSym. Tests use it as
// an independent oracle (and as the solver when package eigen is absent).
type gonumEigen struct {
	n    int
	vals []float64
	vecs *mat.Dense
}

func (g *gonumEigen) Factorize(a []float64, n, lda int, vectors bool) bool {
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			s.SetSym(i, j, a[i*lda+j])
		}
	}
	var e mat.EigenSym
	if !e.Factorize(s, vectors) {
		return false
	}
	g.n = n
	g.vals = e.Values(nil)
	if vectors {
		g.vecs = &mat.Dense{}
		e.VectorsTo(g.vecs)
	}
	return true
}

func (g *gonumEigen) FactorizeWarm(a []float64, n, lda int, v []float64, ldv int) bool {
	return g.Factorize(a, n, lda, true)
}

func (g *gonumEigen) Values(dst []float64) []float64 { return append(dst[:0], g.vals...) }

func (g *gonumEigen) VectorsTo(dst []float64, ldd int) {
	for i := 0; i < g.n; i++ {
		for j := 0; j < g.n; j++ {
			dst[i*ldd+j] = g.vecs.At(i, j)
		}
	}
}

func init() {
	if newSymEigen == nil {
		newSymEigen = func() symEigen { return &gonumEigen{} }
	}
}
