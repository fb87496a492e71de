package eigen

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

func TestDtrevc3(t *testing.T) {
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		t.Run(backend+"/testlapack", func(t *testing.T) { testlapack.Dtrevc3Test(t, Implementation{}) })
	}
}
