package bench

import "gonum.org/v1/gonum/blas"

// sgemmFunc and dgemmFunc are the signatures every GEMM under comparison has.
type (
	sgemmFunc func(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	dgemmFunc func(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
)
