package ssl

import "github.com/directpred/directpred/eigen"

func init() {
	newSymEigen = func() SymEigensolver { return new(eigen.Sym[float64]) }
}
