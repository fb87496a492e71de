package kernels

import (
	"fmt"
	"os"
	"strings"
)

// float is the set of element types the precision-generic framework serves.
type float interface{ float32 | float64 }

// gemmMicro is the micro-kernel contract shared by every ISA and the generic
// twin. For i < m ≤ MR and j < n ≤ NR it computes
//
//	s := Σ_{p<k} a[p*MR+i] * b[p*rsb+j]
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]   // c is not read when beta == 0
//
// a is an MR-packed panel (len ≥ MR·k), b has unit column stride and row
// stride rsb ≥ n (a packed NR-panel has rsb = NR). A kernel with partial set
// handles m < MR and n < NR itself and reads only b[p*rsb+j] for j < n; a
// kernel without it is only ever called with full tiles and packed B.
type gemmMicro[T float] func(k int, alpha T, a, b []T, rsb int, beta T, c []T, ldc, m, n int)

// gemmImpl is one precision's GEMM configuration of an ISA: the register tile,
// the cache blocks and the micro-kernel (the analogue of a BLIS context).
type gemmImpl[T float] struct {
	mr, nr     int // register tile
	kc, mc, nc int // cache blocks; mc is a multiple of mr, nc of nr
	partial    bool
	kernel     gemmMicro[T]
	// strided, if set, is the micro-kernel with A read in place (element
	// (i, p) at a[i*lda+p]) for small products, where packing A costs more
	// than it saves; partial tiles as for kernel.
	strided func(k int, alpha T, a []T, lda int, b []T, rsb int, beta T, c []T, ldc, m, n int)
	// pack8 and pack4, if set, are fast transposing packs of eight and four
	// rows: dst[p*ds+i] = src[i*ld+p] for i < 8 (or 4), p < k.
	pack8, pack4 func(dst []T, ds int, src []T, ld, k int)
	// pairKernel, if set, is a native bfloat16 micro-kernel (SgemmBF16's
	// configuration only): it reads k-pair panels instead of float32 ones
	// (see bf16MicroRef); partial applies to it as to kernel.
	pairKernel bf16Micro
	// ku is the unit of the K blocks (even: the k-pairs of the bfloat16
	// kernels never straddle two blocks).
	ku int
	// packRuns, if set, packs MR rows of a transposed operand into one
	// panel: dst[p·MR+i] = src[p·ld+i] for i < MR, p < k (SYRK's packing
	// of a transposed A).
	packRuns func(dst, src []T, ld, k int)
	// runMR and runNR copy exactly MR (NR) elements as one fixed-size
	// move, for the packing of panel-wide runs (set by setup from
	// fixedRun; nil: a loop).
	runMR, runNR func(dst, src []T)
}

// setup fills the fields derived from the others.
func (g *gemmImpl[T]) setup() {
	if g.ku == 0 {
		g.ku = defaultKU
	}
	g.runMR, g.runNR = fixedRun[T](g.mr), fixedRun[T](g.nr)
}

// defaultKU is the K block unit of the paths that do not set one.
const defaultKU = 8

// runOf returns the fixed-size copy of w elements for a panel width w.
func (g *gemmImpl[T]) runOf(w int) func(dst, src []T) {
	switch w {
	case g.mr:
		return g.runMR
	case g.nr:
		return g.runNR
	}
	return nil
}

// fixedRun returns a copy of exactly w elements as one array assignment
// (vector moves) for the panel widths of the paths, nil for others.
func fixedRun[T float](w int) func(dst, src []T) {
	switch w {
	case 4:
		return func(d, s []T) { *(*[4]T)(d) = [4]T(s) }
	case 6:
		return func(d, s []T) { *(*[6]T)(d) = [6]T(s) }
	case 8:
		return func(d, s []T) { *(*[8]T)(d) = [8]T(s) }
	case 12:
		return func(d, s []T) { *(*[12]T)(d) = [12]T(s) }
	case 16:
		return func(d, s []T) { *(*[16]T)(d) = [16]T(s) }
	case 24:
		return func(d, s []T) { *(*[24]T)(d) = [24]T(s) }
	case 48:
		return func(d, s []T) { *(*[48]T)(d) = [48]T(s) }
	}
	return nil
}

// isa is one dispatch path: everything that differs between CPUs.
type isa struct {
	name      string
	available bool
	s         gemmImpl[float32]
	d         gemmImpl[float64]
	sv        vecImpl[float32] // vector kernels; nil entries fall back to generic (vec.go)
	dv        vecImpl[float64]
	// sb serves SgemmBF16 and BF16gemm: a native bfloat16 configuration
	// (pairKernel set) or, where the CPU has no bfloat16 instructions, left
	// empty and filled with s, whose float32 kernels then multiply operands
	// rounded to bfloat16 while packing (bf16.go).
	sb gemmImpl[float32]
	bf bf16Impl // bfloat16 conversions; nil entries fall back to generic
	bn bnImpl   // float32 batch-norm row kernels; nil entries: generic
}

// isas lists the dispatch paths compiled into this binary, best first: those
// of the architecture file (archISAs), then generic.
var isas = append(archISAs(), &genericISA)

// cur is the path in use.
var cur *isa

// envISA names the environment variable that forces a dispatch path.
const envISA = "DIRECTPRED_ISA"

func init() {
	for _, p := range isas {
		p.s.setup()
		p.d.setup()
		p.sb.setup()
	}
	name := os.Getenv(envISA)
	if name == "" {
		cur = best()
		return
	}
	p := lookupISA(name)
	if p == nil || !p.available {
		panic(fmt.Sprintf("kernels: %s=%q: this CPU can run %s", envISA, name, strings.Join(AvailableISAs(), ", ")))
	}
	cur = p
}

func best() *isa {
	for _, p := range isas {
		if p.available {
			return p
		}
	}
	return &genericISA
}

func lookupISA(name string) *isa {
	for _, p := range isas {
		if p.name == name {
			return p
		}
	}
	return nil
}

// ISA returns the name of the dispatch path in use: "avx512bf16", "avx512",
// "avx2", "neonbf16", "neon" or "generic". The bf16 paths are their base
// path plus native bfloat16 dot products for SgemmBF16 and BF16gemm.
func ISA() string { return cur.name }

// ISAs returns the names of all dispatch paths compiled into this binary, best
// first, whether or not this CPU can run them.
func ISAs() []string {
	names := make([]string, len(isas))
	for i, p := range isas {
		names[i] = p.name
	}
	return names
}

// AvailableISAs returns the names of the dispatch paths this CPU can run, best
// first.
func AvailableISAs() []string {
	var names []string
	for _, p := range isas {
		if p.available {
			names = append(names, p.name)
		}
	}
	return names
}

// BlockSizes describes the register tile and cache blocks of one precision.
type BlockSizes struct {
	MR, NR, KC, MC, NC int
}

// Blocking returns the single- and double-precision block sizes of the path in
// use.
func Blocking() (s, d BlockSizes) {
	return cur.s.blockSizes(), cur.d.blockSizes()
}

// BlockingBF16 returns the block sizes SgemmBF16 and BF16gemm use on the path
// in use, and whether they run native bfloat16 dot-product instructions
// (AVX512_BF16's VDPBF16PS, Arm's BFDOT); without them the products of the
// rounded operands are computed with float32 fused multiply-adds. KC counts
// elements of k, not pairs.
func BlockingBF16() (b BlockSizes, native bool) {
	return cur.sb.blockSizes(), cur.sb.pairKernel != nil
}

func (g *gemmImpl[T]) blockSizes() BlockSizes {
	return BlockSizes{MR: g.mr, NR: g.nr, KC: g.kc, MC: g.mc, NC: g.nc}
}

// useISA switches the dispatch path and returns a function restoring the
// previous one. It is for tests and benchmarks in this module (reached through
// SetISAForTesting); it must not race with running kernels.
func useISA(name string) (restore func(), err error) {
	p := lookupISA(name)
	if p == nil || !p.available {
		return nil, fmt.Errorf("kernels: ISA %q is not available on this CPU (available: %s)", name, strings.Join(AvailableISAs(), ", "))
	}
	prev := cur
	cur = p
	return func() { cur = prev }, nil
}

// SetISAForTesting forces the dispatch path name until the returned function
// is called. It exists so that tests and benchmarks of other packages can run
// every path in one binary; it is not safe to call while kernels run on other
// goroutines, and programs should use DIRECTPRED_ISA instead.
func SetISAForTesting(name string) (restore func(), err error) { return useISA(name) }
