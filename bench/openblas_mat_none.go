//go:build !(openblas && cgo)

package bench

// lapackeMatOps holds the LAPACKE comparators of the mat benchmarks, which
// exist only with the openblas tag and cgo.
type lapackeMatOps struct {
	potrf func(n int, a []float64) bool
	getrf func(n int, a []float64, ipiv []int32) bool
	geqrf func(n int, a, tau []float64) bool
	gesv  func(n, nrhs int, a []float64, ipiv []int32, b []float64) bool
	getri func(n int, a []float64, ipiv []int32) bool
	gesvd func(n int, a, s, u, vt []float64) bool
	geev  func(n int, a, wr, wi, vr []float64) bool
}

var lapackeMat *lapackeMatOps
