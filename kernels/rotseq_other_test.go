//go:build !(amd64 || arm64) || purego

package kernels

// rotseqAsm names, per dispatch path, the assembly Srotseq and Drotseq
// kernels that path must run: none in this build (no assembly), every path
// runs the Go twin rotseqRef.
var rotseqAsm = map[string][2]any{}
