// Command _genrot writes the NEON rotation-sequence kernels of package arm64
// (rotseq_neon_arm64.s) and their Go declarations (rotseq_neon_arm64.go):
//
//	go run ./_genrot   (from kernels/arm64)
//
// They are the AVX-512 kernels' algorithm (kernels/amd64/_genrot): nrot ≥ 1
// plane rotations applied in sequence to the row pairs (j, j+1) of a
// row-major matrix (LAPACK dlasr, side 'L', pivot 'V'), forward or
// backward, the matrix taken in column blocks of eight 128-bit vectors (16
// float64s, 32 float32s) with the carried row in registers through all
// rotations of a block, so that each element is loaded and stored once per
// call. With X the carried row and Y the loaded one, a forward rotation
// stores c·X + s·Y and carries c·Y − s·X, a backward one stores c·X − s·Y
// and carries c·Y + s·X, each one product and one fused multiply-add:
//
//	forward:  T = s·Y; T += c·X;   Y = c·Y; Y −= s·X   (carry now in Y)
//	backward: T = c·X; T −= s·Y;   Y = c·Y; Y += s·X
//
// NEON's FMLA/FMLS accumulate into their destination, so the carry moves
// between two register banks (V0–V7, V8–V15) from one rotation to the
// next; the loop runs rotations in pairs (an odd one first, its carry
// moved back once). A partial block is a body of 1…7 whole vectors, then
// the last n mod 2 (float64) or n mod 4 (float32) columns one at a time
// with scalar instructions (the same operations, so every column is
// computed alike); nothing outside the rows is read or written.
//
// Vector FMUL has no Go mnemonic: WORD encodings with the GNU mnemonic in
// a comment (the encoding of kernels/arm64/_genl2).
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

type prec struct {
	n   string // s or d
	typ string // float32 or float64
	arr string // Go arrangement: S4 or D2
	gnu string // GNU arrangement: 4s or 2d
	es  int    // element size in bytes
	sh  int    // log2(es)
	vl  int    // elements per vector
	lsh int    // log2(vl)
	sz  uint32 // the sz bit of vector FMUL
	f   string // scalar instruction suffix: S or D
}

var precs = []prec{
	{"s", "float32", "S4", "4s", 4, 2, 4, 2, 0, "S"},
	{"d", "float64", "D2", "2d", 8, 3, 2, 1, 1, "D"},
}

// fmul encodes vector FMUL Vd = Vn·Vm on 128-bit vectors.
func (p prec) fmul(d, n, m int) string {
	w := uint32(0x6E20DC00) | p.sz<<22 | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
	return fmt.Sprintf("\tWORD $0x%08X // fmul v%d.%s, v%d.%s, v%d.%s\n", w, d, p.gnu, n, p.gnu, m, p.gnu)
}

func (p prec) v(i int) string { return fmt.Sprintf("V%d.%s", i, p.arr) }

// list formats the register list [Vfirst.arr, …] of count registers.
func (p prec) list(first, count int) string {
	var s []string
	for i := 0; i < count; i++ {
		s = append(s, p.v(first+i))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

const blockVecs = 8

type gen struct {
	s    bytes.Buffer
	p    prec
	name string
	back bool
}

func (g *gen) f(format string, args ...any) { fmt.Fprintf(&g.s, format, args...) }
func (g *gen) label(l string)               { g.f("%s_%s:\n", g.name, l) }
func (g *gen) L(l string) string            { return g.name + "_" + l }

// vecs loads (st false) or stores nv vectors starting at register first
// from or to the row at base (R3 a scratch pointer for the second four).
func (g *gen) vecs(st bool, first, nv int, base string) {
	for k := 0; k < nv; k += 4 {
		cnt := min(4, nv-k)
		addr := "(" + base + ")"
		if k > 0 {
			g.f("\tADD  $64, %s, R3\n", base)
			addr = "(R3)"
		}
		if st {
			g.f("\tVST1 %s, %s\n", g.p.list(first+k, cnt), addr)
		} else {
			g.f("\tVLD1 %s, %s\n", addr, g.p.list(first+k, cnt))
		}
	}
}

// rot writes one rotation over nv vectors with the carry in bank P (first
// register pb), loading into bank Q (qb), where the new carry ends up.
// R1 is the carried row, R8/R9 the rotation's c and s.
func (g *gen) rot(nv, pb, qb int) {
	p := g.p
	g.f("\tVLD1R (R8), [V30.%s]\n\tVLD1R (R9), [V31.%[1]s]\n", p.arr)
	g.f("\tADD  R10, R8, R8\n\tADD  R10, R9, R9\n")
	g.f("\tADD  R6, R1, R2\n")
	g.vecs(false, qb, nv, "R2")
	if !g.back {
		for i := 0; i < nv; i++ {
			g.s.WriteString(p.fmul(16+i, qb+i, 31)) // T = s·Y
		}
		for i := 0; i < nv; i++ {
			g.s.WriteString(p.fmul(qb+i, qb+i, 30)) // Y = c·Y
		}
		for i := 0; i < nv; i++ {
			g.f("\tVFMLA %s, %s, %s\n", p.v(30), p.v(pb+i), p.v(16+i)) // T += c·X
		}
		for i := 0; i < nv; i++ {
			g.f("\tVFMLS %s, %s, %s\n", p.v(31), p.v(pb+i), p.v(qb+i)) // Y −= s·X
		}
	} else {
		for i := 0; i < nv; i++ {
			g.s.WriteString(p.fmul(16+i, pb+i, 30)) // T = c·X
		}
		for i := 0; i < nv; i++ {
			g.f("\tVFMLS %s, %s, %s\n", p.v(31), p.v(qb+i), p.v(16+i)) // T −= s·Y
		}
		for i := 0; i < nv; i++ {
			g.s.WriteString(p.fmul(qb+i, qb+i, 30)) // Y = c·Y
		}
		for i := 0; i < nv; i++ {
			g.f("\tVFMLA %s, %s, %s\n", p.v(31), p.v(pb+i), p.v(qb+i)) // Y += s·X
		}
	}
	g.vecs(true, 16, nv, "R1")
	g.f("\tMOVD R2, R1\n")
}

// body writes all rotations over a block of nv vectors at R11.
func (g *gen) body(tag string, nv int) {
	g.f("\tMOVD R11, R1\n\tMOVD R12, R8\n\tMOVD R13, R9\n\tMOVD R14, R5\n")
	g.vecs(false, 0, nv, "R1")
	g.f("\tTBZ  $0, R5, %s\n", g.L(tag+"_pairs"))
	g.rot(nv, 0, 8)
	for i := 0; i < nv; i++ {
		g.f("\tVORR V%d.B16, V%d.B16, V%d.B16\n", 8+i, 8+i, i)
	}
	g.f("\tSUB  $1, R5, R5\n")
	g.label(tag + "_pairs")
	g.f("\tCBZ  R5, %s\n", g.L(tag+"_done"))
	g.label(tag + "_rot")
	g.rot(nv, 0, 8)
	g.rot(nv, 8, 0)
	g.f("\tSUB  $2, R5, R5\n\tCBNZ R5, %s\n", g.L(tag+"_rot"))
	g.label(tag + "_done")
	g.vecs(true, 0, nv, "R1")
}

// scalar writes all rotations over the single column at R11.
func (g *gen) scalar() {
	p := g.p
	g.f("\tMOVD R11, R1\n\tMOVD R12, R8\n\tMOVD R13, R9\n\tMOVD R14, R5\n")
	g.f("\tFMOV%s (R1), F0\n", p.f)
	g.label("col_rot")
	g.f("\tFMOV%s (R8), F30\n\tFMOV%[1]s (R9), F31\n", p.f)
	g.f("\tADD  R10, R8, R8\n\tADD  R10, R9, R9\n")
	g.f("\tADD  R6, R1, R2\n\tFMOV%s (R2), F1\n", p.f)
	if !g.back {
		g.f("\tFMUL%s F31, F1, F2\n", p.f)      // T = s·Y
		g.f("\tFMADD%s F30, F2, F0, F2\n", p.f) // T = X·c + T
		g.f("\tFMUL%s F30, F1, F1\n", p.f)      // Y = c·Y
		g.f("\tFMSUB%s F31, F1, F0, F0\n", p.f) // X = Y − X·s
	} else {
		g.f("\tFMUL%s F30, F0, F2\n", p.f)      // T = c·X
		g.f("\tFMSUB%s F31, F2, F1, F2\n", p.f) // T = T − Y·s
		g.f("\tFMUL%s F30, F1, F1\n", p.f)      // Y = c·Y
		g.f("\tFMADD%s F31, F1, F0, F0\n", p.f) // X = X·s + Y
	}
	g.f("\tFMOV%s F2, (R1)\n\tMOVD R2, R1\n", p.f)
	g.f("\tSUB  $1, R5, R5\n\tCBNZ R5, %s\n", g.L("col_rot"))
	g.f("\tFMOV%s F0, (R1)\n", p.f)
}

func (g *gen) kernel() {
	p := g.p
	dir := "F"
	if g.back {
		dir = "B"
	}
	g.name = p.n + "rotseq" + dir + "NEON"
	blk := blockVecs * p.vl
	g.f("\n// func %s(nrot, n int, c, s, a *%s, lda int)\n", g.name, p.typ)
	if g.back {
		g.f("// Rotations j = nrot−1, …, 0 (c[j], s[j]) on rows (j, j+1) of the\n")
	} else {
		g.f("// Rotations j = 0, …, nrot−1 (c[j], s[j]) on rows (j, j+1) of the\n")
	}
	g.f("// (nrot+1)×n matrix a (row stride lda); nrot ≥ 1, n ≥ 1, lda ≥ n, lengths\n")
	g.f("// checked by the caller. R11 the column block's first row, R15 columns\n")
	g.f("// left, R14 rotations, R12/R13 the first rotation's c and s, R6 the row\n")
	g.f("// step in bytes, R10 the c/s step (negative backward).\n")
	g.f("TEXT ·%s(SB), NOSPLIT, $0-48\n", g.name)
	g.f("\tMOVD nrot+0(FP), R14\n\tMOVD n+8(FP), R15\n\tMOVD c+16(FP), R12\n\tMOVD s+24(FP), R13\n")
	g.f("\tMOVD a+32(FP), R11\n\tMOVD lda+40(FP), R6\n\tLSL  $%d, R6, R6\n\tMOVD $%d, R10\n", p.sh, p.es)
	if g.back {
		// Start at row nrot and rotation nrot−1; step back.
		g.f("\tMUL  R14, R6, R7\n\tADD  R7, R11, R11\n")
		g.f("\tSUB  $1, R14, R7\n\tLSL  $%d, R7, R7\n\tADD  R7, R12, R12\n\tADD  R7, R13, R13\n", p.sh)
		g.f("\tNEG  R6, R6\n\tNEG  R10, R10\n")
	}
	g.label("block")
	g.f("\tCMP  $%d, R15\n\tBLT  %s\n", blk, g.L("partial"))
	g.body("full", blockVecs)
	g.f("\tADD  $%d, R11, R11\n\tSUB  $%d, R15, R15\n\tB    %s\n", blk*p.es, blk, g.L("block"))
	g.label("partial")
	g.f("\tLSR  $%d, R15, R7\n", p.lsh)
	g.f("\tCBZ  R7, %s\n", g.L("cols"))
	for v := 1; v < blockVecs-1; v++ {
		g.f("\tCMP  $%d, R7\n\tBEQ  %s\n", v, g.L(fmt.Sprint("p", v)))
	}
	for v := blockVecs - 1; v >= 1; v-- {
		g.label(fmt.Sprint("p", v))
		g.body(fmt.Sprint("p", v), v)
		g.f("\tADD  $%d, R11, R11\n\tB    %s\n", v*16, g.L("cols"))
	}
	g.label("cols")
	g.f("\tAND  $%d, R15, R15\n", p.vl-1)
	g.label("col")
	g.f("\tCBZ  R15, %s\n", g.L("end"))
	g.scalar()
	g.f("\tADD  $%d, R11, R11\n\tSUB  $1, R15, R15\n\tB    %s\n", p.es, g.L("col"))
	g.label("end")
	g.f("\tRET\n")
}

func main() {
	var asm, decl bytes.Buffer
	asm.WriteString(`// Code generated by go run ./_genrot. DO NOT EDIT.

//go:build !purego

#include "textflag.h"

// Rotation-sequence kernels, NEON. See _genrot for the loop structure. Go
// operand order: VFMLA Vm, Vn, Vd is Vd += Vn·Vm (VFMLS: −=); FMADDx Fm,
// Fa, Fn, Fd is Fd = Fn·Fm + Fa (FMSUBx: Fa − Fn·Fm). V0–V7 and V8–V15 the
// two banks of the carried and the loaded row, V16–V23 the stored row,
// V30 = c, V31 = s; R1 the carried row, R2 the loaded row, R5 rotations
// left, R8/R9 the rotation's c and s.
`)
	decl.WriteString(`// Code generated by go run ./_genrot. DO NOT EDIT.

//go:build !purego

package arm64

// The assembly of rotseq_neon_arm64.s; the wrappers are in rotseq_arm64.go.
`)
	for _, p := range precs {
		for _, back := range []bool{false, true} {
			g := &gen{p: p, back: back}
			g.kernel()
			asm.Write(g.s.Bytes())
			fmt.Fprintf(&decl, "\n//go:noescape\nfunc %s(nrot, n int, c, s, a *%s, lda int)\n", g.name, p.typ)
		}
	}
	write("rotseq_neon_arm64.s", asm.Bytes())
	write("rotseq_neon_arm64.go", decl.Bytes())
}

func write(name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
