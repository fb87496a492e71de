package fuzz

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/internal/testutil"
	"github.com/directpred/directpred/kernels"
)

// The Level 3 targets decode the call (side, uplo, transpose, diagonal,
// sizes up to 80 so that the recursive blocking is crossed, padded leading
// dimensions, alpha, beta) and the matrices from the input, run the routine
// on minimal-length guarded slices with NaN in everything it must not read,
// and check the result against a float64 reference with an error bound.

type (
	triFunc[T float32 | float64]  func(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int)
	symmFunc[T float32 | float64] func(s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
)

// triOperands decodes a TRSM/TRMM call. A's unreferenced triangle (and its
// diagonal, when unit) is NaN; its referenced off-diagonal entries are
// finite and small, its diagonal entries have magnitude in [1, 2], so that
// solves stay well scaled. op is the dense op(A) in float64.
func triOperands[T float32 | float64](t *testing.T, r *byteReader) (s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int, op []float64) {
	s = []blas.Side{blas.Left, blas.Right}[r.intn(2)]
	ul = []blas.Uplo{blas.Lower, blas.Upper}[r.intn(2)]
	tA = []blas.Transpose{blas.NoTrans, blas.Trans}[r.intn(2)]
	d = []blas.Diag{blas.NonUnit, blas.Unit}[r.intn(2)]
	m, n = r.intn(81), r.intn(81)
	k := n
	if s == blas.Left {
		k = m
	}
	lda, ldb = max(1, k)+r.intn(3), max(1, n)+r.intn(3)
	alpha = T(scalars[r.intn(len(scalars))])
	a = testutil.Guarded[T](t, max(0, (k-1)*lda+k))
	b = testutil.Guarded[T](t, max(0, (m-1)*ldb+n))
	testutil.FillNaN(a)
	full := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			in := j < i
			if ul == blas.Upper {
				in = j > i
			}
			switch {
			case i == j && d == blas.Unit:
				full[i*k+j] = 1
			case i == j:
				v := T((1 + float64(r.byte())/256) * float64(1-2*r.intn(2)))
				a[i*lda+j] = v
				full[i*k+j] = float64(v)
			case in:
				v := T(float64(int(r.byte())-128) / 64 / float64(k))
				a[i*lda+j] = v
				full[i*k+j] = float64(v)
			}
		}
	}
	op = full
	if tA == blas.Trans {
		op = make([]float64, k*k)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				op[i*k+j] = full[j*k+i]
			}
		}
	}
	for i := range b {
		b[i] = T(r.sparseValue())
		if math.IsNaN(float64(b[i])) || math.IsInf(float64(b[i]), 0) {
			b[i] = 1
		}
	}
	return s, ul, tA, d, m, n, alpha, a, lda, b, ldb, op
}

// fuzzTri checks a TRSM (solve) by its residual, |op(A)·X − alpha·B| ≤
// 4·(k+2)·u·(|op(A)|·|X| + |alpha·B|) (X·op(A) on the right), and a TRMM
// against the float64 product; the padding of B must not change and A must
// not be written.
func fuzzTri[T float32 | float64](t *testing.T, data []byte, f triFunc[T], solve bool) {
	r := &byteReader{b: data}
	s, ul, tA, d, m, n, alpha, a, lda, b, ldb, op := triOperands[T](t, r)
	k := n
	if s == blas.Left {
		k = m
	}
	a0, b0 := append([]T(nil), a...), append([]T(nil), b...)
	f(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	for i := range a {
		if math.Float64bits(float64(a[i])) != math.Float64bits(float64(a0[i])) {
			t.Fatalf("A[%d] changed", i)
		}
	}
	u := testutil.Eps[T]()
	for i := 0; i < m; i++ {
		for j := 0; j < ldb && i*ldb+j < len(b); j++ {
			got := float64(b[i*ldb+j])
			if j >= n {
				if got != float64(b0[i*ldb+j]) {
					t.Fatalf("padding B[%d,%d] changed", i, j)
				}
				continue
			}
			if alpha == 0 {
				if got != 0 {
					t.Fatalf("alpha = 0: B[%d,%d] = %v", i, j, got)
				}
				continue
			}
			src := b
			if !solve {
				src = b0
			}
			var sum, g float64
			for p := 0; p < k; p++ {
				var av, bv float64
				if s == blas.Left {
					av, bv = op[i*k+p], float64(src[p*ldb+j])
				} else {
					av, bv = op[p*k+j], float64(src[i*ldb+p])
				}
				sum += av * bv
				g += math.Abs(av * bv)
			}
			if math.IsInf(g, 0) || math.IsNaN(g) {
				continue // an overflowing solve: no bound to check
			}
			ab := float64(alpha) * float64(b0[i*ldb+j])
			if solve {
				if math.Abs(sum-ab) > 4*float64(k+2)*(u*(g+math.Abs(ab))+testutil.Tiny[T]()) {
					t.Fatalf("%c%c%c%c m=%d n=%d alpha=%v: residual %v at [%d,%d] (gauge %g)", s, ul, tA, d, m, n, alpha, sum-ab, i, j, g)
				}
			} else if !testutil.WithinBound(T(got), float64(alpha)*sum, math.Abs(float64(alpha))*g, k, 2) {
				t.Fatalf("%c%c%c%c m=%d n=%d alpha=%v: B[%d,%d] = %v, want %v", s, ul, tA, d, m, n, alpha, i, j, got, float64(alpha)*sum)
			}
		}
	}
}

// fuzzSymm checks a SYMM call against the float64 reference; the
// unreferenced triangle of A is NaN, and so is C when beta = 0 (it must not
// be read).
func fuzzSymm[T float32 | float64](t *testing.T, data []byte, f symmFunc[T]) {
	r := &byteReader{b: data}
	s := []blas.Side{blas.Left, blas.Right}[r.intn(2)]
	ul := []blas.Uplo{blas.Lower, blas.Upper}[r.intn(2)]
	m, n := r.intn(81), r.intn(81)
	k := n
	if s == blas.Left {
		k = m
	}
	lda, ldb, ldc := max(1, k)+r.intn(3), max(1, n)+r.intn(3), max(1, n)+r.intn(3)
	alpha, beta := T(scalars[r.intn(len(scalars))]), T(scalars[r.intn(len(scalars))])
	a := testutil.Guarded[T](t, max(0, (k-1)*lda+k))
	b := testutil.Guarded[T](t, max(0, (m-1)*ldb+n))
	c := testutil.Guarded[T](t, max(0, (m-1)*ldc+n))
	testutil.FillNaN(a)
	full := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			if ul == blas.Lower && j <= i || ul == blas.Upper && j >= i {
				v := T(r.sparseValue())
				a[i*lda+j] = v
				full[i*k+j], full[j*k+i] = float64(v), float64(v)
			}
		}
	}
	for i := range b {
		b[i] = T(r.value())
	}
	for i := range c {
		c[i] = T(r.value())
		if beta == 0 {
			c[i] = T(math.NaN())
		}
	}
	c0 := append([]T(nil), c...)
	f(s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	maxT := math.MaxFloat64
	if _, ok := any(alpha).(float32); ok {
		maxT = math.MaxFloat32
	}
	for i := 0; i < m; i++ {
		for j := 0; j < ldc && i*ldc+j < len(c); j++ {
			got := c[i*ldc+j]
			if j >= n {
				if math.Float64bits(float64(got)) != math.Float64bits(float64(c0[i*ldc+j])) {
					t.Fatalf("padding C[%d,%d] changed", i, j)
				}
				continue
			}
			var sum, g float64
			if alpha != 0 {
				for p := 0; p < k; p++ {
					var av, bv float64
					if s == blas.Left {
						av, bv = full[i*k+p], float64(b[p*ldb+j])
					} else {
						av, bv = float64(b[i*ldb+p]), full[p*k+j]
					}
					sum += av * bv
					g += math.Abs(av * bv)
				}
			}
			want, gauge := float64(alpha)*sum, math.Abs(float64(alpha))*g
			if beta != 0 {
				cv := float64(beta) * float64(c0[i*ldc+j])
				want += cv
				gauge += math.Abs(cv)
			}
			if !math.IsNaN(want) && !math.IsInf(want, 0) && gauge > maxT/float64(4*(k+2)) {
				continue // partial sums may overflow T
			}
			if !testutil.WithinBound(got, want, gauge, k, 2) {
				t.Fatalf("%c%c m=%d n=%d alpha=%v beta=%v: C[%d,%d] = %v, want %v", s, ul, m, n, alpha, beta, i, j, got, want)
			}
		}
	}
}

// seedLevel3 covers both sides, both triangles, both transposes and
// diagonals, sizes on both sides of the recursion's base block (16).
func seedLevel3() [][]byte {
	var seeds [][]byte
	for code := 0; code < 16; code++ {
		for _, sz := range [][2]byte{{1, 1}, {5, 7}, {33, 40}, {70, 3}, {0, 4}} {
			d := []byte{byte(code & 1), byte(code >> 1 & 1), byte(code >> 2 & 1), byte(code >> 3 & 1), sz[0], sz[1], 1, 2, 3, 4}
			for i := 0; i < 96; i++ {
				d = append(d, byte(i*53+7))
			}
			seeds = append(seeds, d)
		}
	}
	return seeds
}

func FuzzDtrsm(f *testing.F) {
	for _, s := range seedLevel3() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTri(t, data, kernels.Dtrsm, true) })
}

func FuzzStrsm(f *testing.F) {
	for _, s := range seedLevel3() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTri(t, data, kernels.Strsm, true) })
}

func FuzzDtrmm(f *testing.F) {
	for _, s := range seedLevel3() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTri(t, data, kernels.Dtrmm, false) })
}

func FuzzStrmm(f *testing.F) {
	for _, s := range seedLevel3() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTri(t, data, kernels.Strmm, false) })
}

func FuzzDsymm(f *testing.F) {
	for _, s := range seedLevel3() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSymm(t, data, kernels.Dsymm) })
}

func FuzzSsymm(f *testing.F) {
	for _, s := range seedLevel3() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSymm(t, data, kernels.Ssymm) })
}
