//go:build !(openblas && cgo)

package bench

// Without the openblas tag (or without cgo) there is no LAPACK comparator.
var (
	lapackDsyevd func(n int, a, w []float64) bool
	lapackSsyevd func(n int, a, w []float32) bool
)
