//go:build !(openblas && cgo)

package bench

// Without the openblas tag (or without cgo) there is no OpenBLAS comparator.
var (
	openblasSgemm sgemmFunc
	openblasDgemm dgemmFunc
)
