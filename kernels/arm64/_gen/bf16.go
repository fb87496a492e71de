package main

import (
	"bytes"
	"fmt"
)

// bf16Kernel is the bfloat16 GEMM micro-kernel: the 8×12 float32 tile of
// sgemmNEON, fed by pair panels of bfloat16 and updated by BFDOT (by
// element) instead of FMLA. One k step is one k-pair: V0–V1 hold the 8 A
// pairs (one 32-bit word per row), V2–V4 the 12 B pairs (one word per
// column); BFDOT Vacc.4S, Vb.8H, Va.2H[i] adds, to each of the 4 column
// lanes, lo(a)·lo(b) + hi(a)·hi(b) of row i's pair.
func bf16Kernel() *kernel {
	return &kernel{name: "sgemmBF16NEON", file: "sgemm_bf16_neon_arm64.s", prec: "s", size: 4, lanes: 4, mr: 8, nr: 12,
		arr: "S4", elem: "4s", typ: "float32", fmov: "FMOVS", fcmp: "FCMPS", aRegs: 2, bBase: 2, accBase: 8, prefetch: 256,
		bf16: true,
		title: "BF16 GEMM micro-kernel, NEON + FEAT_BF16, 8×12 float32 tile fed by\n" +
			"// bfloat16 pair panels (BFDOT by element; 24 of the 32 V registers accumulate)."}
}

// bfdotElem encodes BFDOT Vd.4S, Vn.8H, Vm.2H[idx] (FEAT_BF16, Advanced
// SIMD by element, Q = 1):
//
//	0 1 0 0 1 1 1 1 0 1 L M Rm(4) 1 1 1 1 H 0 Rn(5) Rd(5)
//
// with the pair index idx = H:L and the register Vm = M:Rm (any of V0–V31).
func bfdotElem(d, n, m, idx int) uint32 {
	if d < 0 || d > 31 || n < 0 || n > 31 || m < 0 || m > 31 || idx < 0 || idx > 3 {
		panic("bfdotElem: operand out of range")
	}
	return 0x4F40F000 | uint32(idx&1)<<21 | uint32(m)<<16 | uint32(idx>>1)<<11 | uint32(n)<<5 | uint32(d)
}

func bfdot(b *bytes.Buffer, d, n, m, idx int) {
	fmt.Fprintf(b, "\tWORD $0x%08X // bfdot v%d.4s, v%d.8h, v%d.2h[%d]\n", bfdotElem(d, n, m, idx), d, n, m, idx)
}

// kstepBF16 emits one k-pair update: loads of the A and B pair words, then
// MR×NR/4 BFDOTs.
func (k *kernel) kstepBF16(b *bytes.Buffer) {
	fmt.Fprintf(b, "\tVLD1.P %d(R1), %s\n", k.mr*4, k.list(0, k.aRegs))
	fmt.Fprintf(b, "\tVLD1.P %d(R2), %s\n", k.nr*4, k.list(k.bBase, k.bRegs()))
	for i := 0; i < k.mr; i++ {
		for v := 0; v < k.bRegs(); v++ {
			bfdot(b, k.acc(i, v), k.bBase+v, i/4, i%4)
		}
	}
}

// genBF16 writes the body of the BF16 kernel after its title.
func (k *kernel) genBF16(b *bytes.Buffer) {
	nb := k.bRegs()
	accLast := k.acc(k.mr-1, nb-1)
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("//\n// Register contract:\n")
	w("//\tV%d–V%d  accumulators: row i of the tile is V(%d+%d·i) … V(%d+%d·i)\n", k.accBase, accLast, k.accBase, nb, k.accBase+nb-1, nb)
	w("//\tV0–V%d    one k-pair of A (%d words, one bf16 pair per row, broadcast by element)\n", k.aRegs-1, k.mr)
	w("//\tV%d–V%d    one k-pair of B (%d words, one bf16 pair per column)\n", k.bBase, k.bBase+nb-1, k.nr)
	w("//\tafter the k loop: V0–V%d one row of C, F%d alpha, F%d beta\n", nb-1, nb, nb+1)
	w("//\tR0 k-pair counter, R1 a, R2 b, R4 c row, R5 ldc in bytes,\n")
	w("//\tR6 unrolled-loop counter\n")
	w("//\n// Full tiles only: m = %d, n = %d (checked by the Go wrapper, which also\n", k.mr, k.nr)
	w("// checks that the CPU has FEAT_BF16). BFDOT and the by-element FMLA/FMUL\n")
	w("// have no Go mnemonic: WORD encodings, each with its mnemonic in a comment.\n\n")

	w("// func %s(k int, alpha float32, a, b *uint32, beta float32, c *float32, ldc int)\n", k.name)
	w("TEXT ·%s(SB), NOSPLIT, $0-56\n", k.name)
	w("\tMOVD k+0(FP), R0\n\tMOVD a+16(FP), R1\n\tMOVD b+24(FP), R2\n")
	w("\tMOVD c+40(FP), R4\n\tMOVD ldc+48(FP), R5\n\tLSL  $2, R5, R5\n\n")
	k.zeroAcc(b)
	w("\n\t// k-pair loop, unrolled by 4.\n\tLSR  $2, R0, R6\n\tCBZ  R6, tail\n\nloop4:\n")
	w("\tPRFM %d(R1), PLDL1KEEP\n", k.prefetch)
	w("\tPRFM %d(R2), PLDL1KEEP\n", k.prefetch*k.nr/k.mr)
	for s := 0; s < 4; s++ {
		k.kstepBF16(b)
	}
	w("\tSUBS $1, R6, R6\n\tBNE  loop4\n\ntail:\n\tANDS $3, R0, R0\n\tBEQ  store\n\nloop1:\n")
	k.kstepBF16(b)
	w("\tSUBS $1, R0, R0\n\tBNE  loop1\n\n")
	k.store(b)
}
