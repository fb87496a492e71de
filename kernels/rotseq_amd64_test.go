//go:build amd64 && !purego

package kernels

// rotseqAsm names, per dispatch path, the assembly Srotseq and Drotseq
// kernels that path must run; paths not listed run the Go twin rotseqRef.
var rotseqAsm = map[string][2]any{}
