//go:build !purego

package arm64

// The NEON rotation-sequence kernels (rotseq_neon_arm64.s, written by
// ./_genrot) have the contract of the amd64 ones
// (kernels/amd64/rotseq_amd64.go): the wrappers check the lengths and skip
// identity rotations, the assembly does every element of the rows.

const badRotseq = "arm64: bad rotation-sequence arguments"

// checkRotseq panics unless m, n ≥ 0, lda ≥ max(1, n) and, for m, n > 0,
// c and s hold m−1 rotations and a holds m rows of n elements at stride
// lda; it reports whether there is a rotation to apply (m > 1, n > 0).
func checkRotseq(m, n, lc, ls, la, lda int) bool {
	if m < 0 || n < 0 || lda < max(1, n) {
		panic(badRotseq)
	}
	if m == 0 || n == 0 {
		return false
	}
	if lc < m-1 || ls < m-1 || la < (m-1)*lda+n {
		panic(badRotseq)
	}
	return m > 1
}

// DrotseqNEON applies the plane rotations (c[j], s[j]), j < m−1, to the
// row pairs (j, j+1) of the m×n row-major matrix a (stride lda), in the
// order j = 0, 1, …, m−2, or m−2, …, 0 if backward:
//
//	for each j in that order {
//		if c[j] == 1 && s[j] == 0 {
//			continue // rows not read
//		}
//		for k := 0; k < n; k++ {
//			x, y := a[j*lda+k], a[(j+1)*lda+k]
//			a[j*lda+k], a[(j+1)*lda+k] = c[j]*x+s[j]*y, c[j]*y-s[j]*x
//		}
//	}
//
// (each new value as one product and one fused multiply-add). It panics
// unless m, n ≥ 0, lda ≥ max(1, n) and, for m, n > 0, len(c), len(s) ≥ m−1
// and len(a) ≥ (m−1)·lda + n.
func DrotseqNEON(backward bool, m, n int, c, s, a []float64, lda int) {
	if backward {
		rotseqRuns(m, n, c, s, a, lda, drotseqBNEON)
	} else {
		rotseqRuns(m, n, c, s, a, lda, drotseqFNEON)
	}
}

// SrotseqNEON is DrotseqNEON for float32.
func SrotseqNEON(backward bool, m, n int, c, s, a []float32, lda int) {
	if backward {
		rotseqRuns(m, n, c, s, a, lda, srotseqBNEON)
	} else {
		rotseqRuns(m, n, c, s, a, lda, srotseqFNEON)
	}
}

// rotseqRuns checks the arguments and calls kern on each maximal run of
// rotations that are not the identity. Runs separated by an identity touch
// disjoint rows, so their order does not matter.
func rotseqRuns[T float32 | float64](m, n int, c, s, a []T, lda int, kern func(nrot, n int, c, s, a *T, lda int)) {
	if !checkRotseq(m, n, len(c), len(s), len(a), lda) {
		return
	}
	c, s = c[:m-1], s[:m-1]
	for j := 0; j < m-1; {
		if c[j] == 1 && s[j] == 0 {
			j++
			continue
		}
		k := j + 1
		for k < m-1 && (c[k] != 1 || s[k] != 0) {
			k++
		}
		kern(k-j, n, &c[j], &s[j], &a[j*lda], lda)
		j = k
	}
}
