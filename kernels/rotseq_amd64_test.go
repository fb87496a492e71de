//go:build amd64 && !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

// rotseqAsm names, per dispatch path, the assembly Srotseq and Drotseq
// kernels that path must run; paths not listed (generic) run the Go twin
// rotseqRef.
var rotseqAsm = map[string][2]any{
	"avx512":     {amd64.SrotseqAVX512, amd64.DrotseqAVX512},
	"avx512bf16": {amd64.SrotseqAVX512, amd64.DrotseqAVX512},
	"avx2":       {amd64.SrotseqAVX2, amd64.DrotseqAVX2},
}
