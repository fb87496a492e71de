// Command _genl2 writes the register-blocked Level 2 kernels of package
// arm64 (level2_neon_arm64.s) and their Go declarations
// (level2_neon_arm64.go):
//
//	go run ./_genl2   (from kernels/arm64)
//
// One template serves both precisions (4 float32s or 2 float64s per 128-bit
// vector). dot4 computes four dot products of four rows of A with one
// vector x (x is loaded once per four rows; two vector accumulators per
// row, eight independent FMA chains), axpy4 adds a linear combination of
// four rows of A to y (y is loaded and stored once per four rows; four
// vectors of y per iteration, each updated by four FMAs in row order), rot
// applies a plane rotation to two vectors (one product and one FMA per
// element and output, four vectors of each per iteration), and ger adds a
// rank-1 update to a whole matrix in one call (four vectors per row
// iteration). Every loop runs whole vectors first and then the tail one
// element at a time (scalar or single-lane loads and stores), so nothing
// outside the slices is read or written.
//
// Vector FADD, FADDP and FMUL have no Go mnemonic: WORD encodings, each
// with its GNU mnemonic in a comment (TestBFDOTEncoding assembles those
// with GNU as, if installed, and compares).
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

type prec struct {
	n    string // s or d
	typ  string // float32 or float64
	arr  string // Go arrangement: S4 or D2
	gnu  string // GNU arrangement: 4s or 2d
	lane string // Go lane letter: S or D
	es   int    // element size in bytes
	sh   int    // log2(es)
	vl   int    // elements per vector
	sz   uint32 // the sz bit of the vector FADD/FADDP/FMUL
	f    string // scalar instruction suffix: S or D
}

var precs = []prec{
	{"s", "float32", "S4", "4s", "S", 4, 2, 4, 0, "S"},
	{"d", "float64", "D2", "2d", "D", 8, 3, 2, 1, "D"},
}

// vop encodes a three-register vector instruction on 128-bit vectors.
func (p prec) vop(base uint32, mn string, d, n, m int) string {
	w := base | p.sz<<22 | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
	return fmt.Sprintf("\tWORD $0x%08X // %s v%d.%s, v%d.%s, v%d.%s\n", w, mn, d, p.gnu, n, p.gnu, m, p.gnu)
}

func (p prec) fadd(d, n, m int) string  { return p.vop(0x4E20D400, "fadd", d, n, m) }
func (p prec) faddp(d, n, m int) string { return p.vop(0x6E20D400, "faddp", d, n, m) }
func (p prec) fmul(d, n, m int) string  { return p.vop(0x6E20DC00, "fmul", d, n, m) }

// list formats the register list [Vfirst.arr, …] of count registers.
func (p prec) list(first, count int) string {
	var s []string
	for i := 0; i < count; i++ {
		s = append(s, fmt.Sprintf("V%d.%s", first+i, p.arr))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// v names vector register i with p's arrangement.
func (p prec) v(i int) string { return fmt.Sprintf("V%d.%s", i, p.arr) }

type gen struct {
	s    bytes.Buffer // assembly
	decl bytes.Buffer // Go declarations
	p    prec
	name string
}

func (g *gen) f(format string, args ...any) { fmt.Fprintf(&g.s, format, args...) }

// begin writes the header of a kernel; args is its Go parameter list.
func (g *gen) begin(kind, args, doc string, frame int) {
	g.name = g.p.n + kind + "NEON"
	g.f("\n// func %s(%s)\n%sTEXT ·%s(SB), NOSPLIT, $0-%d\n", g.name, args, doc, g.name, frame)
	fmt.Fprintf(&g.decl, "\n//go:noescape\nfunc %s(%s)\n", g.name, args)
}

func (g *gen) label(l string) { g.f("\n%s_%s:\n", g.name, l) }

// rows loads the four row pointers R1–R4 from a+8(FP) and lda+16(FP).
func (g *gen) rows() {
	g.f("\tMOVD a+8(FP), R1\n\tMOVD lda+16(FP), R6\n\tLSL  $%d, R6, R6\n", g.p.sh)
	g.f("\tADD  R6, R1, R2\n\tADD  R6, R2, R3\n\tADD  R6, R3, R4\n")
}

func (g *gen) dot4() {
	p := g.p
	g.begin("dot4", fmt.Sprintf("n int, a *%s, lda int, x *%[1]s, out *%[1]s", p.typ),
		"// out[r] = Σ_{j<n} a[r·lda+j]·x[j] for r < 4, n > 0. Lengths checked by\n// the caller. R1–R4 rows, R5 x, V16–V23 accumulators (row r in V16+r and\n// V20+r).\n", 40)
	g.f("\tMOVD n+0(FP), R0\n")
	g.rows()
	g.f("\tMOVD x+24(FP), R5\n")
	for i := 16; i < 24; i++ {
		g.f("\tVEOR V%d.B16, V%d.B16, V%d.B16\n", i, i, i)
	}
	g.f("\tCMP  $%d, R0\n\tBLT  %s_v1\n", 2*p.vl, g.name)
	g.label("v2")
	g.f("\tVLD1.P 32(R5), %s\n", p.list(0, 2))
	for r := 0; r < 4; r++ {
		g.f("\tVLD1.P 32(R%d), %s\n", r+1, p.list(2+2*r, 2))
	}
	for r := 0; r < 4; r++ {
		g.f("\tVFMLA %s, %s, %s\n", p.v(0), p.v(2+2*r), p.v(16+r))
		g.f("\tVFMLA %s, %s, %s\n", p.v(1), p.v(3+2*r), p.v(20+r))
	}
	g.f("\tSUB  $%d, R0, R0\n\tCMP  $%[1]d, R0\n\tBGE  %s_v2\n", 2*p.vl, g.name)
	g.label("v1")
	g.f("\tCMP  $%d, R0\n\tBLT  %s_reduce\n", p.vl, g.name)
	g.f("\tVLD1.P 16(R5), %s\n", p.list(0, 1))
	for r := 0; r < 4; r++ {
		g.f("\tVLD1.P 16(R%d), %s\n", r+1, p.list(2+2*r, 1))
	}
	for r := 0; r < 4; r++ {
		g.f("\tVFMLA %s, %s, %s\n", p.v(0), p.v(2+2*r), p.v(16+r))
	}
	g.f("\tSUB  $%d, R0, R0\n", p.vl)
	g.label("reduce")
	for r := 0; r < 4; r++ {
		g.s.WriteString(p.fadd(16+r, 16+r, 20+r))
	}
	// Row sums in row order: V16 (float32: rows 0–3) or V16, V17
	// (float64: rows 0–1, 2–3).
	if p.n == "s" {
		g.s.WriteString(p.faddp(16, 16, 17) + p.faddp(18, 18, 19) + p.faddp(16, 16, 18))
	} else {
		g.s.WriteString(p.faddp(16, 16, 17) + p.faddp(17, 18, 19))
	}
	// The tail, one element at a time: x[j] broadcast, a[r·lda+j] gathered
	// into the lanes (rows 0–3 in V1, or rows 0–1 in V1 and 2–3 in V2).
	g.label("tail")
	g.f("\tCBZ  R0, %s_store\n", g.name)
	g.f("\tVLD1R.P %d(R5), %s\n", p.es, p.list(0, 1))
	for r := 0; r < 4; r++ {
		g.f("\tVLD1.P %d(R%d), V%d.%s[%d]\n", p.es, r+1, 1+r/p.vl, p.lane, r%p.vl)
	}
	g.f("\tVFMLA %s, %s, %s\n", p.v(0), p.v(1), p.v(16))
	if p.n == "d" {
		g.f("\tVFMLA %s, %s, %s\n", p.v(0), p.v(2), p.v(17))
	}
	g.f("\tSUB  $1, R0, R0\n\tB    %s_tail\n", g.name)
	g.label("store")
	g.f("\tMOVD out+32(FP), R7\n\tVST1 %s, (R7)\n\tRET\n", p.list(16, 4/p.vl))
}

func (g *gen) axpy4() {
	p := g.p
	g.begin("axpy4", fmt.Sprintf("n int, a *%s, lda int, c *%[1]s, y *%[1]s", p.typ),
		"// y[j] += c[0]·a[j] + c[1]·a[lda+j] + c[2]·a[2·lda+j] + c[3]·a[3·lda+j] for\n// j < n, n > 0 (four FMAs in that order). Lengths checked by the caller.\n// R1–R4 rows, R5 y, V24–V27 c broadcast, V0–V3 y, row r in V4+4r….\n", 40)
	g.f("\tMOVD n+0(FP), R0\n")
	g.rows()
	g.f("\tMOVD c+24(FP), R7\n")
	for r := 0; r < 4; r++ {
		g.f("\tVLD1R.P %d(R7), %s\n", p.es, p.list(24+r, 1))
	}
	g.f("\tMOVD y+32(FP), R5\n")
	g.f("\tCMP  $%d, R0\n\tBLT  %s_v1\n", 4*p.vl, g.name)
	g.label("v4")
	g.f("\tVLD1 (R5), %s\n", p.list(0, 4))
	for r := 0; r < 4; r++ {
		g.f("\tVLD1.P 64(R%d), %s\n", r+1, p.list(4+4*r, 4))
	}
	for r := 0; r < 4; r++ {
		for k := 0; k < 4; k++ {
			g.f("\tVFMLA %s, %s, %s\n", p.v(24+r), p.v(4+4*r+k), p.v(k))
		}
	}
	g.f("\tVST1.P %s, 64(R5)\n", p.list(0, 4))
	g.f("\tSUB  $%d, R0, R0\n\tCMP  $%[1]d, R0\n\tBGE  %s_v4\n", 4*p.vl, g.name)
	g.label("v1")
	g.f("\tCMP  $%d, R0\n\tBLT  %s_tail\n", p.vl, g.name)
	g.f("\tVLD1 (R5), %s\n", p.list(0, 1))
	for r := 0; r < 4; r++ {
		g.f("\tVLD1.P 16(R%d), %s\n", r+1, p.list(4+4*r, 1))
	}
	for r := 0; r < 4; r++ {
		g.f("\tVFMLA %s, %s, %s\n", p.v(24+r), p.v(4+4*r), p.v(0))
	}
	g.f("\tVST1.P %s, 16(R5)\n", p.list(0, 1))
	g.f("\tSUB  $%d, R0, R0\n\tB    %s_v1\n", p.vl, g.name)
	g.label("tail")
	g.f("\tCBZ  R0, %s_end\n", g.name)
	g.f("\tFMOV%s (R5), F0\n", p.f)
	for r := 0; r < 4; r++ {
		g.f("\tFMOV%s.P %d(R%d), F%d\n", p.f, p.es, r+1, 4+4*r)
	}
	for r := 0; r < 4; r++ {
		g.f("\tFMADD%s F%d, F0, F%d, F0\n", p.f, 24+r, 4+4*r)
	}
	g.f("\tFMOV%s.P F0, %d(R5)\n", p.f, p.es)
	g.f("\tSUB  $1, R0, R0\n\tB    %s_tail\n", g.name)
	g.label("end")
	g.f("\tRET\n")
}

func (g *gen) rot() {
	p := g.p
	g.begin("rot", fmt.Sprintf("n int, x, y *%s, cs *%[1]s", p.typ),
		"// (x[i], y[i]) = (c·x[i] + s·y[i], c·y[i] − s·x[i]) for i < n, n > 0, with\n// (c, s) = (cs[0], cs[1]): each output one product and one FMA. R1 x,\n// R2 y, V30 c, V31 s, V0–V3 x, V4–V7 y, V8–V11 x', V12–V15 y'.\n", 32)
	g.f("\tMOVD n+0(FP), R0\n\tMOVD x+8(FP), R1\n\tMOVD y+16(FP), R2\n\tMOVD cs+24(FP), R3\n")
	g.f("\tVLD1R.P %d(R3), %s\n\tVLD1R (R3), %s\n", p.es, p.list(30, 1), p.list(31, 1))
	body := func(k int) {
		g.f("\tVLD1 (R1), %s\n\tVLD1 (R2), %s\n", p.list(0, k), p.list(4, k))
		for i := 0; i < k; i++ {
			g.s.WriteString(p.fmul(8+i, i, 30))
		}
		for i := 0; i < k; i++ {
			g.s.WriteString(p.fmul(12+i, 4+i, 30))
		}
		for i := 0; i < k; i++ {
			g.f("\tVFMLA %s, %s, %s\n", p.v(31), p.v(4+i), p.v(8+i))
		}
		for i := 0; i < k; i++ {
			g.f("\tVFMLS %s, %s, %s\n", p.v(31), p.v(i), p.v(12+i))
		}
		g.f("\tVST1.P %s, %d(R1)\n\tVST1.P %s, %[2]d(R2)\n", p.list(8, k), 16*k, p.list(12, k))
	}
	g.f("\tCMP  $%d, R0\n\tBLT  %s_v1\n", 4*p.vl, g.name)
	g.label("v4")
	body(4)
	g.f("\tSUB  $%d, R0, R0\n\tCMP  $%[1]d, R0\n\tBGE  %s_v4\n", 4*p.vl, g.name)
	g.label("v1")
	g.f("\tCMP  $%d, R0\n\tBLT  %s_tail\n", p.vl, g.name)
	body(1)
	g.f("\tSUB  $%d, R0, R0\n\tB    %s_v1\n", p.vl, g.name)
	g.label("tail")
	g.f("\tCBZ  R0, %s_end\n", g.name)
	g.f("\tFMOV%s (R1), F0\n\tFMOV%[1]s (R2), F4\n", p.f)
	g.f("\tFMUL%s F30, F0, F8\n\tFMUL%[1]s F30, F4, F12\n", p.f)
	g.f("\tFMADD%s F31, F8, F4, F8\n\tFMSUB%[1]s F31, F12, F0, F12\n", p.f)
	g.f("\tFMOV%s.P F8, %d(R1)\n\tFMOV%[1]s.P F12, %[2]d(R2)\n", p.f, p.es)
	g.f("\tSUB  $1, R0, R0\n\tB    %s_tail\n", g.name)
	g.label("end")
	g.f("\tRET\n")
}

func (g *gen) ger() {
	p := g.p
	g.begin("ger", fmt.Sprintf("m, n int, alpha %s, x, y, a *%[1]s, lda int", p.typ),
		"// a[i·lda+j] += (alpha·x[i])·y[j] for i < m, j < n; m, n > 0. Lengths\n// checked by the caller. R2 x, R4 row i of a, R6 y, R7 a[i·lda+j],\n// R8 elements left in the row, V28 alpha·x[i] broadcast.\n", 56)
	g.f("\tMOVD m+0(FP), R0\n\tMOVD n+8(FP), R1\n\tFMOV%s alpha+16(FP), F29\n", p.f)
	g.f("\tMOVD x+24(FP), R2\n\tMOVD y+32(FP), R3\n\tMOVD a+40(FP), R4\n\tMOVD lda+48(FP), R5\n\tLSL  $%d, R5, R5\n", p.sh)
	g.label("row")
	g.f("\tFMOV%s.P %d(R2), F28\n\tFMUL%[1]s F28, F29, F28\n", p.f, p.es)
	g.f("\tVDUP V28.%s[0], %s\n", p.lane, p.v(28))
	g.f("\tMOVD R3, R6\n\tMOVD R4, R7\n\tMOVD R1, R8\n")
	g.f("\tCMP  $%d, R8\n\tBLT  %s_v1\n", 4*p.vl, g.name)
	g.label("v4")
	g.f("\tVLD1.P 64(R6), %s\n\tVLD1 (R7), %s\n", p.list(0, 4), p.list(4, 4))
	for k := 0; k < 4; k++ {
		g.f("\tVFMLA %s, %s, %s\n", p.v(28), p.v(k), p.v(4+k))
	}
	g.f("\tVST1.P %s, 64(R7)\n", p.list(4, 4))
	g.f("\tSUB  $%d, R8, R8\n\tCMP  $%[1]d, R8\n\tBGE  %s_v4\n", 4*p.vl, g.name)
	g.label("v1")
	g.f("\tCMP  $%d, R8\n\tBLT  %s_tail\n", p.vl, g.name)
	g.f("\tVLD1.P 16(R6), %s\n\tVLD1 (R7), %s\n", p.list(0, 1), p.list(4, 1))
	g.f("\tVFMLA %s, %s, %s\n", p.v(28), p.v(0), p.v(4))
	g.f("\tVST1.P %s, 16(R7)\n", p.list(4, 1))
	g.f("\tSUB  $%d, R8, R8\n\tB    %s_v1\n", p.vl, g.name)
	g.label("tail")
	g.f("\tCBZ  R8, %s_next\n", g.name)
	g.f("\tFMOV%s.P %d(R6), F0\n\tFMOV%[1]s (R7), F4\n", p.f, p.es)
	g.f("\tFMADD%s F28, F4, F0, F4\n\tFMOV%[1]s.P F4, %d(R7)\n", p.f, p.es)
	g.f("\tSUB  $1, R8, R8\n\tB    %s_tail\n", g.name)
	g.label("next")
	g.f("\tADD  R5, R4, R4\n\tSUB  $1, R0, R0\n\tCBNZ R0, %s_row\n\tRET\n", g.name)
}

func main() {
	var asm, decl bytes.Buffer
	asm.WriteString(`// Code generated by go run ./_genl2. DO NOT EDIT.

//go:build !purego

#include "textflag.h"

// Level 2 kernels, NEON. See _genl2 for the loop structure. Go operand
// order: VFMLA Vm, Vn, Vd is Vd += Vn·Vm (VFMLS: −=); FMADDx Fm, Fa, Fn, Fd
// is Fd = Fn·Fm + Fa (FMSUBx: Fa − Fn·Fm).
`)
	decl.WriteString(`// Code generated by go run ./_genl2. DO NOT EDIT.

//go:build !purego

package arm64

// The assembly of level2_neon_arm64.s; the wrappers are in level2_arm64.go.
`)
	for _, p := range precs {
		g := &gen{p: p}
		g.dot4()
		g.axpy4()
		g.rot()
		g.ger()
		asm.Write(g.s.Bytes())
		decl.Write(g.decl.Bytes())
	}
	write("level2_neon_arm64.s", asm.Bytes())
	write("level2_neon_arm64.go", decl.Bytes())
}

func write(name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
