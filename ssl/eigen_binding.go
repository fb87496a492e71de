package ssl

import "github.com/directpred/directpred/eigen"

func init() {
	newSymEigen = func() symEigen { return new(eigen.Sym[float64]) }
}
