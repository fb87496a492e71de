package kernels

import "gonum.org/v1/gonum/blas"

// SgemmBF16 computes
//
//	C = alpha * bf16(op(A)) * bf16(op(B)) + beta * C
//
// with Sgemm's arguments, argument checks, panics and contracts (beta = 0
// means C is not read, alpha = 0 or k = 0 means A and B are not read,
// minimal-length slices are legal). bf16 rounds every element of op(A) and
// op(B) to the nearest bfloat16 (ties to even; NaN stays NaN, ±Inf stays,
// values past the bfloat16 range become ±Inf) while the operands are packed,
// so the caller keeps float32 data, as under PyTorch's autocast. The products
// of two bfloat16 values are exact in float32 and are accumulated in float32.
//
// Where the CPU has bfloat16 dot-product instructions (BlockingBF16 reports
// native), two products are added per instruction and per float32 lane:
// AVX512_BF16's VDPBF16PS and Arm's BFDOT both treat subnormal bfloat16
// inputs and float32 results as zero. Elsewhere the same rounded products are
// accumulated with float32 fused multiply-adds. The two agree to float32
// accumulation error (|error| ≤ (k+2)·u₃₂·(|alpha|·Σ|bf16(a)·bf16(b)| +
// |beta·c|), u₃₂ = 2⁻²⁴), plus the flushed subnormals. Results are bitwise
// identical for any GOMAXPROCS on one path.
func SgemmBF16(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmBF16(tA, tB, m, n, k, alpha, a, nil, len(a), lda, b, nil, len(b), ldb, beta, c, ldc)
}

// BF16gemm computes
//
//	C = alpha * op(A) * op(B) + beta * C
//
// for bfloat16 A and B and float32 C, with the arguments, checks, panics and
// contracts of SgemmBF16 (lda and ldb count bfloat16 elements) and the same
// float32 accumulation. Keeping weights or activations in bfloat16 halves the
// memory they take and the bytes the products read; the result equals
// SgemmBF16's on the widened operands.
func BF16gemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []BF16, lda int, b []BF16, ldb int, beta float32, c []float32, ldc int) {
	gemmBF16(tA, tB, m, n, k, alpha, nil, a, len(a), lda, nil, b, len(b), ldb, beta, c, ldc)
}

// gemmBF16 is SgemmBF16 (operands a, b) and BF16gemm (ah, bh); la and lb are
// the operands' lengths.
func gemmBF16(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, ah []BF16, la, lda int, b []float32, bh []BF16, lb, ldb int, beta float32, c []float32, ldc int) {
	aTrans, bTrans := checkGemmArgs(tA, tB, m, n, k, lda, ldb, ldc, la, lb, len(c))
	if trivialGemm(m, n, k, alpha == 0, beta, c, ldc) {
		return
	}
	p := gemmProblem[float32]{
		aTrans: aTrans, bTrans: bTrans,
		m: m, n: n, k: k,
		alpha: alpha, a: a, ah: ah, lda: lda,
		b: b, bh: bh, ldb: ldb,
		beta: beta, c: c, ldc: ldc,
		bf16: true, bf: &cur.bf,
	}
	p.run(&cur.sb)
}

// bf16Micro is the contract of the native bfloat16 micro-kernels, whose Go
// twin is bf16MicroRef. k counts k-pairs; a is an MR-wide pair panel,
// a[p*MR+i] = bits(bf16(op(A)[i][2p])) | bits(bf16(op(A)[i][2p+1]))<<16, and
// b an NR-wide one, b[p*NR+j] = bits(bf16(op(B)[2p][j])) |
// bits(bf16(op(B)[2p+1][j]))<<16, both zero-padded, so a kernel may read all
// of them. For i < m ≤ MR and j < n ≤ NR it computes
//
//	s := Σ_{p<k} hi(a)·hi(b) + lo(a)·lo(b)   // float32 accumulation
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]   // c is not read when beta == 0
//
// A kernel without partial is only called with full tiles.
type bf16Micro func(k int, alpha float32, a, b []uint32, beta float32, c []float32, ldc, m, n int)

// bf16MicroRef is the Go twin of the native bfloat16 micro-kernels for an
// mr-wide A panel and an nr-wide B panel. Each product of two bfloat16 values
// is exact in float32, so only the order of the additions (the high pair
// first, as VDPBF16PS documents) and the flushing of subnormals by the
// hardware can make a kernel differ from it.
func bf16MicroRef(mr, nr, k int, alpha float32, a, b []uint32, beta float32, c []float32, ldc, m, n int) {
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		for j := range crow {
			var s float32
			for p := 0; p < k; p++ {
				x, y := a[p*mr+i], b[p*nr+j]
				s += BF16(x>>16).Float32() * BF16(y>>16).Float32()
				s += BF16(x).Float32() * BF16(y).Float32()
			}
			if beta == 0 {
				crow[j] = alpha * s
			} else {
				crow[j] = alpha*s + beta*crow[j]
			}
		}
	}
}

// packBF16 packs elements (i, p), i0 ≤ i < i0+cnt, p0 ≤ p < p0+kc, of an
// operand into ⌈cnt/w⌉ panels of width w, rounding them to bfloat16. The
// operand is f (float32) or, when f is nil, h (bfloat16); element (i, p) is at
// [i*ld+p] when alongK (runs of k are contiguous: A not transposed, B
// transposed) and at [p*ld+i] otherwise. With a native kernel the panels hold
// k-pair words (bf16Micro), dst[panel*w*kw + q*w + i] for q < kw = ⌈kc/2⌉;
// otherwise rounded float32 values, dst[panel*w*kc + p*w + i]. Entries past
// cnt, and the high half of the last pair when kc is odd, are zero. x is
// scratch of at least max(w·(kc+1), 2·cnt) floats; bf are the conversions.
func packBF16(g *gemmImpl[float32], bf *bf16Impl, dst, x []float32, f []float32, h []BF16, ld int, alongK bool, i0, cnt, p0, kc, w int) {
	if g.pairKernel == nil {
		if f != nil {
			packAPanels(g, dst, f, ld, !alongK, i0, cnt, p0, kc, w)
			bf.round(dst[:roundUp(cnt, w)*kc])
			return
		}
		for ir := 0; ir < cnt; ir += w {
			rows := min(w, cnt-ir)
			d := dst[ir*kc : (ir+w)*kc]
			if alongK {
				// Widen the rows, then transpose them into the panel.
				for r := 0; r < rows; r++ {
					bf.fromBF16(x[r*kc:(r+1)*kc], h[(i0+ir+r)*ld+p0:][:kc])
				}
				gatherRows(g, d, w, rows, kc, x, kc)
				continue
			}
			for q := 0; q < kc; q++ {
				bf.fromBF16(d[q*w:q*w+rows], h[(p0+q)*ld+i0+ir:][:rows])
				clear(d[q*w+rows : q*w+w])
			}
		}
		return
	}

	kw := (kc + 1) / 2
	words := asWords(dst)
	if !alongK {
		// Rows 2q and 2q+1 of the operand interleave into a run of pair
		// words, which is then dealt out to the panels.
		xw := asWords(x)
		run, zero := xw[:cnt], xw[cnt:2*cnt]
		for q := 0; q < kw; q++ {
			r0 := (p0+2*q)*ld + i0
			r1 := r0 + ld
			last := 2*q+1 == kc // odd kc: the high halves are zero
			if f != nil && !last && bf.pairsPanels != nil && w%8 == 0 {
				// Straight into the panels; then zero the columns past
				// cnt in the last one.
				bf.pairsPanels(words[q*w:], f[r0:][:cnt], f[r1:][:cnt], w, kw*w)
				if rem := cnt % w; rem != 0 {
					clear(words[cnt/w*kw*w+q*w+rem : cnt/w*kw*w+q*w+w])
				}
				continue
			}
			switch {
			case f != nil && !last:
				bf.pairs(run, f[r0:][:cnt], f[r1:][:cnt])
			case f != nil:
				clear(zero)
				bf.pairs(run, f[r0:][:cnt], wordsAsFloats(zero))
			case !last:
				bf.pairsOf(run, h[r0:][:cnt], h[r1:][:cnt])
			default:
				clear(zero)
				bf.pairsOf(run, h[r0:][:cnt], asBF16s(wordsAsFloats(zero))[:cnt])
			}
			for ir := 0; ir < cnt; ir += w {
				copyPadded(wordsAsFloats(words[ir*kw+q*w:][:w]), wordsAsFloats(run[ir:min(ir+w, cnt)]), g.runOf(w))
			}
		}
		return
	}
	// Each row's run of k becomes a run of pair words (the high half of a
	// last odd pair zero); then the words are transposed into the panel.
	xs := asBF16s(x)
	for ir := 0; ir < cnt; ir += w {
		rows := min(w, cnt-ir)
		for r := 0; r < rows; r++ {
			row := xs[r*2*kw : (r+1)*2*kw]
			if f != nil {
				bf.toBF16(row[:kc], f[(i0+ir+r)*ld+p0:][:kc])
			} else {
				copy(row[:kc], h[(i0+ir+r)*ld+p0:][:kc])
			}
			if kc%2 == 1 {
				row[kc] = 0
			}
		}
		gatherRows(g, wordsAsFloats(words[ir*kw:(ir+w)*kw]), w, rows, kw, x, kw)
	}
}
