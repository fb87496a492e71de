//go:build !(openblas && cgo)

package bench

// Without the openblas tag (or without cgo) there is no OpenBLAS Level 3
// comparator.
var openblasLevel3 level3
