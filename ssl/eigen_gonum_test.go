package ssl

import "gonum.org/v1/gonum/mat"

// gonumEigen implements SymEigensolver with gonum's mat.EigenSym: an independent
// oracle for the DirectPred computation in tests.
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

// WarmUsed is false: FactorizeWarm always solves from scratch.
func (g *gonumEigen) WarmUsed() bool { return false }

func (g *gonumEigen) Values(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, g.n)
	}
	copy(dst, g.vals)
	return dst[:g.n]
}

func (g *gonumEigen) VectorsTo(dst []float64, ldd int) {
	for i := 0; i < g.n; i++ {
		for j := 0; j < g.n; j++ {
			dst[i*ldd+j] = g.vecs.At(i, j)
		}
	}
}

// scriptedEigen is gonumEigen whose FactorizeWarm reports a warm success
// or a fallback as scripted, and which records the calls.
type scriptedEigen struct {
	gonumEigen
	warmOK []bool // outcome of each FactorizeWarm, in order
	calls  []string
	used   bool
}

func (s *scriptedEigen) Factorize(a []float64, n, lda int, vectors bool) bool {
	s.calls = append(s.calls, "cold")
	return s.gonumEigen.Factorize(a, n, lda, vectors)
}

func (s *scriptedEigen) FactorizeWarm(a []float64, n, lda int, v []float64, ldv int) bool {
	s.used = s.warmOK[0]
	s.warmOK = s.warmOK[1:]
	s.calls = append(s.calls, map[bool]string{true: "warm", false: "warm→cold"}[s.used])
	return s.gonumEigen.Factorize(a, n, lda, true)
}

func (s *scriptedEigen) WarmUsed() bool { return s.used }
