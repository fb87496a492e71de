//go:build arm64 && !purego

package kernels

import "github.com/directpred/directpred/kernels/arm64"

// rotseqAsm names, per dispatch path, the assembly Srotseq and Drotseq
// kernels that path must run; paths not listed (generic) run the Go twin
// rotseqRef.
var rotseqAsm = map[string][2]any{
	"neon":     {arm64.SrotseqNEON, arm64.DrotseqNEON},
	"neonbf16": {arm64.SrotseqNEON, arm64.DrotseqNEON},
}
