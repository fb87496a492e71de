//go:build !amd64 || purego

package kernels

// covF32Of returns nil: without the AVX-512 kernel the float64 update is
// used.
func covF32Of(*isa) *covF32Impl { return nil }
