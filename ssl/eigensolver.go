package ssl

import "github.com/directpred/directpred/eigen"

// SymEigensolver is the symmetric eigensolver API of package eigen
// (*eigen.Sym[float64] implements it): ascending eigenvalues, lower
// triangle read, eigenvectors as columns of an n×n row-major matrix.
type SymEigensolver interface {
	Factorize(a []float64, n, lda int, vectors bool) bool
	FactorizeWarm(a []float64, n, lda int, v []float64, ldv int) bool
	WarmUsed() bool
	Values(dst []float64) []float64
	VectorsTo(dst []float64, ldd int)
}

// newSymEigen creates the eigensolver used for DirectPred and diagnostics:
// package eigen's Sym[float64], serial, since with two or more threads the
// recomputation of W_p runs on a kernels.Background worker beside the
// training step's parallel products (the results are the same bits either
// way).
func newSymEigen() SymEigensolver {
	s := new(eigen.Sym[float64])
	s.SetSerial(true)
	return s
}
