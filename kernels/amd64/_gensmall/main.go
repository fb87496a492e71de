// Command _gensmall writes the whole-GEMV and loop-free dot kernels of
// package amd64 (small_avx512_amd64.s):
//
//	go run ./_gensmall   (from kernels/amd64)
//
// One template per kernel serves both precisions (PS/SS for PD/SD, 16
// lanes for 8), so that the float32 and float64 kernels cannot drift
// apart. The kernels' shapes and the reasons for their tails are in the
// header of the generated file (hdr below); their contracts and reference
// loops in small_amd64.go.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// prec holds the values the templates' {keys} take for one precision.
type prec struct {
	p        string // s or d
	goType   string
	es       int    // element size in bytes
	lanes    int    // elements per ZMM register
	ps, ss   string // packed and scalar suffixes: S/D of PS/PD, SS/SD
	movu, bc string
}

var precs = []prec{
	{"s", "float32", 4, 16, "S", "SS", "VMOVUPS", "VBROADCASTSS"},
	{"d", "float64", 8, 8, "D", "SD", "VMOVUPD", "VBROADCASTSD"},
}

// keys returns the replacements of the templates' {keys} for p.
func (p prec) keys() map[string]string {
	L := p.lanes
	ql, shift, tst := "L", "2", "TESTL"
	frame := "28"
	if p.p == "d" {
		ql, shift, tst, frame = "Q", "3", "TESTQ", "32"
	}
	return map[string]string{
		"{p}": p.p, "{T}": p.goType, "{E}": strconv.Itoa(p.es), "{e2}": strconv.Itoa(2 * p.es),
		"{L}": strconv.Itoa(L), "{lm1}": strconv.Itoa(L - 1), "{l2}": strconv.Itoa(2 * L),
		"{l3}": strconv.Itoa(3 * L), "{l4}": strconv.Itoa(4 * L), "{lh}": strconv.Itoa(L / 2),
		"{lq}": strconv.Itoa(L / 4), "{cw}": strconv.Itoa(4 * L),
		"{S}": p.ps, "{SS}": p.ss, "{MV}": p.movu, "{BC}": p.bc,
		"{ADD}": "VADDP" + p.ps, "{MUL}": "VMULP" + p.ps, "{FMA}": "VFMADD231P" + p.ps,
		"{ql}": ql, "{shift}": shift, "{tst}": tst, "{frame}": frame,
		"{n}": p.p + "gemvNSmallAVX512", "{t}": p.p + "gemvTSmallAVX512", "{f}": p.p + "dotSmallAVX512",
	}
}

// expand replaces every {key} of t (extra keys first: they may hold keys).
func expand(t string, keys map[string]string, extra ...string) string {
	t = strings.NewReplacer(extra...).Replace(t)
	var r []string
	for k, v := range keys {
		r = append(r, k, v)
	}
	out := strings.NewReplacer(r...).Replace(t)
	if i := strings.Index(out, "{"); i >= 0 {
		if j := strings.Index(out[i:], "}"); j > 0 && j < 12 && !strings.Contains(out[i:i+j], " ") {
			panic("unexpanded key " + out[i:i+j+1])
		}
	}
	return out
}

// ladder is gemvN's load of a short x: the largest power of two of its
// elements with one load, tried from half a vector down.
func ladder(p prec) string {
	type step struct {
		pw  int
		ins string
	}
	steps := []step{{p.lanes / 2, p.movu + " (R14), Y14"}, {p.lanes / 4, p.movu + " (R14), X14"}}
	if p.p == "s" {
		steps = append(steps, step{2, "VMOVSD (R14), X14"})
	}
	steps = append(steps, step{1, "VMOV" + p.ss + " (R14), X14"})
	var b strings.Builder
	for i, s := range steps {
		fmt.Fprintf(&b, "\n%sgemvNSmallAVX512_x%d:\n", p.p, s.pw)
		if i+1 < len(steps) {
			fmt.Fprintf(&b, "\tCMPQ  R13, $%d\n\tJB    %sgemvNSmallAVX512_x%d\n", s.pw, p.p, steps[i+1].pw)
		}
		fmt.Fprintf(&b, "\t%s\n\tMOVQ  $%d, CX\n\tJMP   %sgemvNSmallAVX512_xlanes\n", s.ins, s.pw, p.p)
	}
	return b.String()
}

func gen(b *strings.Builder, p prec) {
	k := p.keys()
	b.WriteString(expand(gemvNHead, k, "{ladder}", ladder(p)))
	if p.p == "d" {
		b.WriteString(expand(gemvNReduceD, k))
	} else {
		b.WriteString(expand(gemvNReduceS, k))
	}
	red1 := red1S
	if p.p == "d" {
		red1 = red1D
	}
	b.WriteString(expand(gemvNRows1, k, "{red1}", red1))
	b.WriteString(expand(gemvTHead, k))
	for _, nv := range []int{4, 3, 2, 1} {
		var f2, f2b strings.Builder
		for v := 0; v < nv; v++ {
			fmt.Fprintf(&f2, "\tVFMADD231P%s %d(SI), Z8, K%d, Z%d\n", p.ps, 64*v, v+1, v)
			fmt.Fprintf(&f2b, "\tVFMADD231P%s %d(R8), Z9, K%d, Z%d\n", p.ps, 64*v, v+1, v+4)
		}
		b.WriteString(expand(gemvTRows, k, "{nv}", strconv.Itoa(nv), "{f2b}", f2b.String(), "{f2}", f2.String()))
	}
	b.WriteString(expand(gemvTTail, k))
}

func dot(b *strings.Builder, p prec) {
	red := "\tVPERMILPS $0x4E, X0, X1\n\tVADDPS X1, X0, X0\n\tVPERMILPS $0xB1, X0, X1\n\tVADDSS X1, X0, X0\n\tVMOVSS X0, ret+24(FP)\n"
	if p.p == "d" {
		red = "\tVPERMILPD $1, X0, X1\n\tVADDSD X1, X0, X0\n\tVMOVSD X0, ret+24(FP)\n"
	}
	b.WriteString(expand(dotSmall, p.keys(), "{red}", red, "{short}", shortDot(p)))
}

// shortDot sums the n < one vector elements at SI and DI into Y0 (the
// largest piece) and X1, by the binary digits of n (CX).
func shortDot(p prec) string {
	var b strings.Builder
	for k := 32 / p.es; k >= 1; k /= 2 {
		fmt.Fprintf(&b, "\tTESTQ $%d, CX\n\tJZ    {f}_s%d\n", k, k)
		switch bytes := k * p.es; {
		case bytes == 32:
			fmt.Fprintf(&b, "\t%s (SI), Y4\n\tVFMADD231P%s (DI), Y4, Y0\n", p.movu, p.ps)
		case bytes == 16:
			fmt.Fprintf(&b, "\t%s (SI), X4\n\tVFMADD231P%s (DI), X4, X1\n", p.movu, p.ps)
		case bytes == 8 && p.es == 8:
			b.WriteString("\tVMOVSD (SI), X4\n\tVFMADD231SD (DI), X4, X1\n")
		case bytes == 8:
			// Two float32 by a 64-bit load (upper lanes zeroed).
			b.WriteString("\tVMOVSD (SI), X4\n\tVMOVSD (DI), X5\n\tVFMADD231PS X5, X4, X1\n")
		default:
			b.WriteString("\tVMOVSS (SI), X4\n\tVFMADD231SS (DI), X4, X1\n")
		}
		if k > 1 {
			fmt.Fprintf(&b, "\tADDQ $%d, SI\n\tADDQ $%d, DI\n", k*p.es, k*p.es)
		}
		fmt.Fprintf(&b, "\n{f}_s%d:\n", k)
	}
	return b.String()
}

func main() {
	var b strings.Builder
	b.WriteString("// Code generated by go run ./_gensmall. DO NOT EDIT.\n\n")
	b.WriteString(hdr)
	for _, p := range precs {
		gen(&b, p)
	}
	for _, p := range precs {
		dot(&b, p)
	}
	if err := os.WriteFile("small_avx512_amd64.s", []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

const hdr = `// Whole small GEMVs and loop-free short dot products in one call, AVX-512
// (one template per kernel for both precisions: see _gensmall; the
// contracts and reference loops are in small_amd64.go).
//
// gemvN: four rows of A at a time against x (two vectors per iteration,
// then one, then the tail of the row), the last m mod 4 rows one at a
// time. The tail never reaches past x: for n ≥ one vector, the last full
// vector of x and of each row, ending at their ends, with the lanes not yet
// summed selected by the mask; for shorter rows x is assembled from one
// load of the largest power of two of its elements and one broadcast per
// other element, and the rows are masked loads from their starts (for the last row of A the only loads whose window, not their
// lanes, extends past an operand). A masked load's window overlapping a
// store still in flight (here: y, written by the previous call and often
// allocated right after x) waits for it, tens of cycles, even where every
// overlapping lane is masked off; this layout avoids that for x.
//
// gemvT: y in four masked accumulators per pass over the rows (two sets,
// even and odd rows), one broadcast of x[i] per row; n beyond four vectors
// takes further passes, one per four vectors of columns, each with a loop
// for the number of vectors it needs (no memory operand with an empty
// mask: a masked-off window past the end of a mapped region costs hundreds
// of cycles).
//
// dotSmall: up to four masked vectors, the first two products independent,
// the other two fused into them, one tree sum; longer vectors jump to the
// loop kernel (vec_avx512_amd64.s).
//
// Masked-off lanes are not accessed: nothing outside the operands is read
// or written. y is not read when beta is zero (beta's bits shifted left by
// one are zero only for ±0).

//go:build !purego

#include "textflag.h"
`

const gemvNHead = `
// func {n}(m, n int, alpha {T}, a *{T}, lda int, x *{T}, beta {T}, y *{T})
// Requires: AVX512F, BMI2. m, n ≥ 1 and lengths checked by the caller.
TEXT ·{n}(SB), NOSPLIT, $0-64
	MOVQ m+0(FP), R12
	MOVQ n+8(FP), R13
	{BC} alpha+16(FP), Z12
	MOVQ a+24(FP), R15
	MOVQ lda+32(FP), AX
	SHLQ ${shift}, AX
	MOVQ x+40(FP), R14
	{BC} beta+48(FP), Z13
	MOV{ql} beta+48(FP), R11
	SHL{ql} $1, R11
	MOVQ y+56(FP), DX
	// Z14: the tail of x, K1: its lanes, BX: the offset of the tail's
	// window from the end of the full vectors of a row. No load reaches
	// past the end of x: a masked load's window overlapping y, stored by
	// the previous call, stalls for tens of cycles even where masked off.
	MOVQ  R13, CX
	ANDQ  ${lm1}, CX
	JZ    {n}_rows4
	CMPQ  R13, ${L}
	JAE   {n}_xend
	// n < {L}: x[0], …, x[n−1] into lanes 0…n−1: the largest power of
	// two p ≤ n of them with one load (which clears the other lanes), the
	// other n − p one broadcast each; the tail's window starts at the row.
	MOVQ  $-1, BX
	BZHIQ R13, BX, BX
	KMOVW BX, K1
{ladder}
{n}_xlanes:
	// SI: x + p, CX = n − p lanes left, BX: the bit of lane p.
	LEAQ  (R14)(CX*{E}), SI
	MOVQ  $1, BX
	SHLXQ CX, BX, BX
	NEGQ  CX
	ADDQ  R13, CX
	JZ    {n}_xdone

{n}_xlane:
	KMOVW BX, K5
	{BC} (SI), K5, Z14
	ADDQ  ${E}, SI
	SHLQ  $1, BX
	DECQ  CX
	JNZ   {n}_xlane

{n}_xdone:
	XORQ  BX, BX
	JMP   {n}_rows4

{n}_xend:
	// n ≥ {L}: the last {L} elements of x; the tail (n mod {L} elements)
	// in the high lanes, its window ending at the end of the row.
	{MV} -64(R14)(R13*{E}), Z14
	MOVQ  ${L}, BX
	SUBQ  CX, BX
	MOVQ  $-1, CX
	SHLXQ BX, CX, CX
	KMOVW CX, K1
	NEGQ  BX
	SHLQ  ${shift}, BX

{n}_rows4:
	CMPQ R12, $4
	JB   {n}_rows1
	MOVQ R15, SI
	LEAQ (SI)(AX*1), R8
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	MOVQ R14, DI
	MOVQ R13, CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7

{n}_v2:
	CMPQ CX, ${l2}
	JB   {n}_v1
	{MV} (DI), Z8
	{MV} 64(DI), Z9
	{FMA} (SI), Z8, Z0
	{FMA} 64(SI), Z9, Z4
	{FMA} (R8), Z8, Z1
	{FMA} 64(R8), Z9, Z5
	{FMA} (R9), Z8, Z2
	{FMA} 64(R9), Z9, Z6
	{FMA} (R10), Z8, Z3
	{FMA} 64(R10), Z9, Z7
	ADDQ $128, SI
	ADDQ $128, R8
	ADDQ $128, R9
	ADDQ $128, R10
	ADDQ $128, DI
	SUBQ ${l2}, CX
	JMP  {n}_v2

{n}_v1:
	CMPQ CX, ${L}
	JB   {n}_tail
	{MV} (DI), Z8
	{FMA} (SI), Z8, Z0
	{FMA} (R8), Z8, Z1
	{FMA} (R9), Z8, Z2
	{FMA} (R10), Z8, Z3
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, DI
	SUBQ ${L}, CX

{n}_tail:
	TESTQ CX, CX
	JZ    {n}_reduce
	{FMA} (SI)(BX*1), Z14, K1, Z4
	{FMA} (R8)(BX*1), Z14, K1, Z5
	{FMA} (R9)(BX*1), Z14, K1, Z6
	{FMA} (R10)(BX*1), Z14, K1, Z7

{n}_reduce:
	{ADD} Z4, Z0, Z0
	{ADD} Z5, Z1, Z1
	{ADD} Z6, Z2, Z2
	{ADD} Z7, Z3, Z3
	// Short rows (n ≤ {lh}) have nothing in the upper halves.
	CMPQ R13, ${lh}
	JBE  {n}_half4
	VEXTRACTF64X4 $1, Z0, Y8
	{ADD} Y8, Y0, Y0
	VEXTRACTF64X4 $1, Z1, Y8
	{ADD} Y8, Y1, Y1
	VEXTRACTF64X4 $1, Z2, Y8
	{ADD} Y8, Y2, Y2
	VEXTRACTF64X4 $1, Z3, Y8
	{ADD} Y8, Y3, Y3

{n}_half4:
`

const gemvNReduceD = `	// Y6 = the four row sums.
	VHADDPD Y1, Y0, Y4
	VHADDPD Y3, Y2, Y5
	VPERM2F128 $0x20, Y5, Y4, Y6
	VPERM2F128 $0x31, Y5, Y4, Y7
	VADDPD Y7, Y6, Y6
	VMULPD Y12, Y6, Y6
	TESTQ R11, R11
	JZ    {n}_store4
	VFMADD231PD (DX), Y13, Y6

{n}_store4:
	VMOVUPD Y6, (DX)
	ADDQ $32, DX
`

const gemvNReduceS = `	// X6 = the four row sums.
	VHADDPS Y1, Y0, Y4
	VHADDPS Y3, Y2, Y5
	VHADDPS Y5, Y4, Y6
	VEXTRACTF128 $1, Y6, X7
	VADDPS X7, X6, X6
	VMULPS X12, X6, X6
	TESTL R11, R11
	JZ    {n}_store4
	VFMADD231PS (DX), X13, X6

{n}_store4:
	VMOVUPS X6, (DX)
	ADDQ $16, DX
`

const gemvNRows1 = `	LEAQ (R15)(AX*4), R15
	SUBQ $4, R12
	JMP  {n}_rows4

{n}_rows1:
	TESTQ R12, R12
	JZ    {n}_end
	MOVQ R15, SI
	MOVQ R14, DI
	MOVQ R13, CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1

{n}_r1v1:
	CMPQ CX, ${L}
	JB   {n}_r1tail
	{MV} (DI), Z8
	{FMA} (SI), Z8, Z0
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ ${L}, CX
	JMP  {n}_r1v1

{n}_r1tail:
	TESTQ CX, CX
	JZ    {n}_r1reduce
	{FMA} (SI)(BX*1), Z14, K1, Z1

{n}_r1reduce:
	// Short rows (n < {L}) have their sums in lanes 0…n−1 of Z1 only:
	// the halving steps beyond n are skipped.
	CMPQ R13, ${L}
	JAE  {n}_r1full
	VMOVAPD Z1, Z0
	CMPQ R13, ${lh}
	JBE  {n}_r1h
	JMP  {n}_r1z

{n}_r1full:
	{ADD} Z1, Z0, Z0

{n}_r1z:
	VEXTRACTF64X4 $1, Z0, Y1
	{ADD} Y1, Y0, Y0

{n}_r1h:
	CMPQ R13, ${lq}
	JBE  {n}_r1q
	VEXTRACTF128 $1, Y0, X1
	{ADD} X1, X0, X0

{n}_r1q:
{red1}	VMUL{SS} X12, X0, X0
	{tst} R11, R11
	JZ    {n}_store1
	VFMADD231{SS} (DX), X13, X0

{n}_store1:
	VMOV{SS} X0, (DX)
	ADDQ ${E}, DX
	ADDQ AX, R15
	DECQ R12
	JMP  {n}_rows1

{n}_end:
	VZEROUPPER
	RET
`

const gemvTHead = `
// func {t}(m, n int, alpha {T}, a *{T}, lda int, x *{T}, beta {T}, y *{T})
// Requires: AVX512F, BMI2. m, n ≥ 1 and lengths checked by the caller.
// Each pass takes up to four vectors of columns with a loop for the number
// of vectors it needs: no memory operand has an empty mask (a masked-off
// window past the end of a can cost hundreds of cycles).
TEXT ·{t}(SB), NOSPLIT, $0-64
	MOVQ n+8(FP), R13
	{BC} alpha+16(FP), Z12
	MOVQ a+24(FP), R15
	MOVQ lda+32(FP), AX
	SHLQ ${shift}, AX
	LEAQ (AX)(AX*1), R10
	{BC} beta+48(FP), Z13
	MOV{ql} beta+48(FP), R11
	SHL{ql} $1, R11
	MOVQ y+56(FP), DX

{t}_pass:
	// K1…K4: the columns of this pass below n ({cw} per pass).
	MOVQ  $-1, CX
	CMPQ  R13, ${cw}
	JAE   {t}_masks
	BZHIQ R13, CX, CX

{t}_masks:
	KMOVW CX, K1
	SHRQ  ${L}, CX
	KMOVW CX, K2
	SHRQ  ${L}, CX
	KMOVW CX, K3
	SHRQ  ${L}, CX
	KMOVW CX, K4
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	MOVQ m+0(FP), R12
	MOVQ x+40(FP), DI
	MOVQ R15, SI
	LEAQ (SI)(AX*1), R8
	CMPQ R13, ${L}
	JBE  {t}_rows2_1
	CMPQ R13, ${l2}
	JBE  {t}_rows2_2
	CMPQ R13, ${l3}
	JBE  {t}_rows2_3
`

const gemvTRows = `
{t}_rows2_{nv}:
	CMPQ R12, $2
	JB   {t}_rows1_{nv}
	{BC} (DI), Z8
	{BC} {E}(DI), Z9
{f2}{f2b}	ADDQ R10, SI
	ADDQ R10, R8
	ADDQ ${e2}, DI
	SUBQ $2, R12
	JMP  {t}_rows2_{nv}

{t}_rows1_{nv}:
	TESTQ R12, R12
	JZ    {t}_sum
	{BC} (DI), Z8
{f2}	JMP   {t}_sum
`

const gemvTTail = `
{t}_sum:
	{ADD} Z4, Z0, Z0
	{ADD} Z5, Z1, Z1
	{ADD} Z6, Z2, Z2
	{ADD} Z7, Z3, Z3
	{MUL} Z12, Z0, Z0
	{MUL} Z12, Z1, Z1
	{MUL} Z12, Z2, Z2
	{MUL} Z12, Z3, Z3
	{tst} R11, R11
	JZ    {t}_store
	{MV}.Z (DX), K1, Z8
	{FMA} Z8, Z13, Z0
	CMPQ R13, ${L}
	JBE  {t}_store
	{MV}.Z 64(DX), K2, Z9
	{FMA} Z9, Z13, Z1
	CMPQ R13, ${l2}
	JBE  {t}_store
	{MV}.Z 128(DX), K3, Z10
	{FMA} Z10, Z13, Z2
	CMPQ R13, ${l3}
	JBE  {t}_store
	{MV}.Z 192(DX), K4, Z11
	{FMA} Z11, Z13, Z3

{t}_store:
	{MV} Z0, K1, (DX)
	CMPQ R13, ${L}
	JBE  {t}_end
	{MV} Z1, K2, 64(DX)
	CMPQ R13, ${l2}
	JBE  {t}_end
	{MV} Z2, K3, 128(DX)
	CMPQ R13, ${l3}
	JBE  {t}_end
	{MV} Z3, K4, 192(DX)
	SUBQ ${cw}, R13
	JBE  {t}_end
	ADDQ $256, R15
	ADDQ $256, DX
	JMP  {t}_pass

{t}_end:
	VZEROUPPER
	RET
`

const red1D = `	CMPQ R13, $1
	JBE  {n}_r1s
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0

{n}_r1s:
`

const red1S = `	CMPQ R13, $2
	JBE  {n}_r1e
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0

{n}_r1e:
	CMPQ R13, $1
	JBE  {n}_r1s
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0

{n}_r1s:
`

const dotSmall = `
// func {f}(n int, x, y *{T}) {T}
// Σ x[i]·y[i], n ≥ 1, for n ≤ {l4} without a loop and without masked
// loads: fewer than {L} elements by pieces of 4, 2 and 1 ({L}: one vector;
// more, the full vectors from the start and one more
// vector ending at element n−1 (unmasked loads: no window reaches past x
// or y), whose lanes already summed are masked out of its product; the
// first two products independent, the other two fused into them, one tree
// sum (no dependent chain of fused multiply-adds). Longer vectors jump to
// {p}dotAVX512. Requires: AVX512F, BMI2. n and lengths checked by the
// caller.
TEXT ·{f}(SB), NOSPLIT, $0-{frame}
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	CMPQ CX, ${L}
	JB   {f}_short
	JA   {f}_multi
	{MV} (SI), Z0
	VMULP{S} (DI), Z0, Z0
	JMP  {f}_reduce

{f}_short:
	// Fewer than one vector: the elements by the binary digits of n, the
	// largest piece into Y0, the others into X1 (VEX-encoded: the upper
	// lanes stay zero), no masked load.
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
{short}	JMP  {f}_add

{f}_multi:
	CMPQ CX, ${l4}
	JA   {f}_long
	// R8, R9: the last vector of x and y (ending at element n−1); K1: its
	// lanes not in the full vectors before it (the top ((n−1) mod {L})+1).
	LEAQ -64(SI)(CX*{E}), R8
	LEAQ -64(DI)(CX*{E}), R9
	MOVQ CX, AX
	NEGQ AX
	ANDQ ${lm1}, AX
	MOVQ $-1, DX
	SHLXQ AX, DX, DX
	KMOVW DX, K1
	{MV} (SI), Z0
	VMULP{S} (DI), Z0, Z0
	{MV} (R8), Z1
	{MV} (R9), Z3
	CMPQ CX, ${l2}
	JA   {f}_three
	VMULP{S}.Z Z3, Z1, K1, Z1
	JMP  {f}_add

{f}_three:
	{MV} 64(SI), Z2
	VMULP{S} 64(DI), Z2, Z2
	CMPQ CX, ${l3}
	JA   {f}_four
	VFMADD231P{S} Z3, Z1, K1, Z0
	VMOVAP{S} Z2, Z1
	JMP  {f}_add

{f}_four:
	{MV} 128(SI), Z4
	VFMADD231P{S} 128(DI), Z4, Z0
	VFMADD231P{S} Z3, Z1, K1, Z2
	VMOVAP{S} Z2, Z1

{f}_add:
	VADDP{S} Z1, Z0, Z0

{f}_reduce:
	VEXTRACTF64X4 $1, Z0, Y1
	VADDP{S} Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDP{S} X1, X0, X0
{red}	VZEROUPPER
	RET

{f}_long:
	// Longer vectors: the loop kernel (same arguments).
	JMP ·{p}dotAVX512(SB)
`
