//go:build !(openblas && cgo)

package bench

// Without the openblas tag (or without cgo) there is no OpenBLAS SYRK.
var (
	openblasSsyrk ssyrkFunc
	openblasDsyrk dsyrkFunc
)
