//go:build !(openblas && cgo)

package bench

// lapackeMatOps holds the LAPACKE comparators of the mat benchmarks, which
// exist only with the openblas tag and cgo.
type lapackeMatOps struct {
	lange func(n int, a []float64) float64
	lansy func(n int, a []float64) float64
	gecon func(n int, lu []float64, anorm float64) float64
	pocon func(n int, u []float64, anorm float64) float64
	trcon func(n int, r []float64) float64
	getrs func(n, nrhs int, lu []float64, ipiv []int32, b []float64) bool
	potrf func(n int, a []float64) bool
	getrf func(n int, a []float64, ipiv []int32) bool
	geqrf func(n int, a, tau []float64) bool
	gesv  func(n, nrhs int, a []float64, ipiv []int32, b []float64) bool
	getri func(n int, a []float64, ipiv []int32) bool
	gesvd func(n int, a, s, u, vt []float64) bool
	geev  func(n int, a, wr, wi, vr []float64) bool
}

var lapackeMat *lapackeMatOps
