//go:build !amd64 || purego

package kernels

// rotseqAsm names, per dispatch path, the assembly Srotseq and Drotseq
// kernels that path must run: none in this build (no rotation-sequence
// assembly for this architecture yet), every path runs the Go twin
// rotseqRef.
var rotseqAsm = map[string][2]any{}
