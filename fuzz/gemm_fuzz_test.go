package fuzz

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/internal/testutil"
	"github.com/directpred/directpred/kernels"
)

// byteReader hands out values decoded from the fuzzer's input, then zeros.
type byteReader struct{ b []byte }

func (r *byteReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *byteReader) intn(n int) int { return int(r.byte()) % n }

// value decodes one matrix element: mostly small numbers, sometimes special.
func (r *byteReader) value() float64 { return decodeValue(r.byte()) }

func decodeValue(v byte) float64 {
	switch v {
	case 0:
		return math.Copysign(0, -1)
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	case 3:
		return math.NaN()
	case 4:
		return 1e-310 // subnormal in float64
	case 5:
		return 1e-40 // subnormal in float32
	default:
		return float64(int(v)-128) / 16
	}
}

// sparseValue is value with the bytes 6–9 decoded as zeros (sparser
// matrices, more exact cancellation).
func (r *byteReader) sparseValue() float64 {
	v := r.byte()
	if v >= 6 && v <= 9 {
		return 0
	}
	return decodeValue(v)
}

var scalars = []float64{0, 1, -1, 0.5, 2.5, -3}

func fuzzGemm[T float32 | float64](t *testing.T, data []byte, gemm func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)) {
	fuzzGemmRound(t, data, gemm, nil)
}

// fuzzGemmRound is fuzzGemm for a product of rounded operands (SgemmBF16):
// the reference multiplies round(A) and round(B). Where flush is set, a
// product with a factor that flush reports (a subnormal bfloat16, which
// VDPBF16PS and BFDOT treat as zero) may be lost: its magnitude is added to
// the bound, and a NaN from such a zero times an infinity is accepted.
func fuzzGemmRound[T float32 | float64](t *testing.T, data []byte, gemm func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int), round func(T) T) {
	r := &byteReader{b: data}
	tA := []blas.Transpose{blas.NoTrans, blas.Trans}[r.intn(2)]
	tB := []blas.Transpose{blas.NoTrans, blas.Trans}[r.intn(2)]
	m, n, k := r.intn(70), r.intn(70), r.intn(70)
	ar, ac := m, k
	if tA == blas.Trans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB == blas.Trans {
		br, bc = n, k
	}
	lda, ldb, ldc := max(1, ac)+r.intn(3), max(1, bc)+r.intn(3), max(1, n)+r.intn(3)
	alpha, beta := T(scalars[r.intn(len(scalars))]), T(scalars[r.intn(len(scalars))])
	// Minimal-length slices on guard pages.
	a := testutil.Guarded[T](t, max(0, (ar-1)*lda+ac))
	b := testutil.Guarded[T](t, max(0, (br-1)*ldb+bc))
	c := testutil.Guarded[T](t, max(0, (m-1)*ldc+n))
	for i := range a {
		a[i] = T(r.value())
	}
	for i := range b {
		b[i] = T(r.value())
	}
	for i := range c {
		c[i] = T(r.value())
	}
	c0 := append([]T(nil), c...)
	ra, rb := a, b
	if round != nil {
		ra, rb = roundAll(a, round), roundAll(b, round)
	}
	want, gauge := testutil.RefGemm(tA == blas.Trans, tB == blas.Trans, m, n, k, alpha, ra, lda, rb, ldb, beta, c0, ldc)
	var lost []float64 // per element of C: Σ|alpha·a·b| over products with a flushed factor, NaN if one is 0·Inf
	if round != nil {
		lost = flushedProducts(tA == blas.Trans, tB == blas.Trans, m, n, k, float64(alpha), ra, lda, rb, ldb)
	}
	gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
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
			w, g := want[i*n+j], gauge[i*n+j]
			if !math.IsNaN(w) && !math.IsInf(w, 0) && g > maxT/float64(4*(k+2)) {
				continue // partial sums may overflow T: no order-independent answer
			}
			if lost != nil {
				l := lost[i*n+j]
				if math.IsNaN(l) && got != got {
					continue // a flushed subnormal times an infinity
				}
				if !math.IsNaN(l) && !math.IsNaN(w) && !math.IsInf(w, 0) {
					// Flushed products, and float32 results below the
					// normal range flushed by each of the 2k additions.
					if math.Abs(float64(got)-w) <= 2*float64(k+2)*0x1p-24*g+l+float64(2*k+2)*0x1p-126*(1+math.Abs(float64(alpha))) {
						continue
					}
				}
			}
			if !testutil.WithinBound(got, w, g, k, 2) {
				t.Fatalf("%c%c m=%d n=%d k=%d alpha=%v beta=%v: C[%d,%d] = %v, want %v (gauge %g)", tA, tB, m, n, k, alpha, beta, i, j, got, w, g)
			}
		}
	}
}

func roundAll[T float32 | float64](x []T, round func(T) T) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = round(v)
	}
	return y
}

// flushedProducts returns, for each element of the m×n product, the sum of
// |alpha·a·b| over the products with a subnormal factor, or NaN when such a
// factor meets an infinity.
func flushedProducts[T float32 | float64](aTrans, bTrans bool, m, n, k int, alpha float64, a []T, lda int, b []T, ldb int) []float64 {
	sub := func(v float64) bool { return v != 0 && math.Abs(v) < 0x1p-126 }
	lost := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var l float64
			for p := 0; p < k; p++ {
				var av, bv float64
				if aTrans {
					av = float64(a[p*lda+i])
				} else {
					av = float64(a[i*lda+p])
				}
				if bTrans {
					bv = float64(b[j*ldb+p])
				} else {
					bv = float64(b[p*ldb+j])
				}
				if sub(av) || sub(bv) {
					if math.IsInf(av, 0) || math.IsInf(bv, 0) {
						l = math.NaN()
						break
					}
					l += math.Abs(alpha * av * bv)
				}
			}
			lost[i*n+j] = l
		}
	}
	return lost
}

func FuzzSgemm(f *testing.F) {
	for _, s := range seedGemm() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzGemm(t, data, kernels.Sgemm) })
}

func FuzzDgemm(f *testing.F) {
	for _, s := range seedGemm() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzGemm(t, data, kernels.Dgemm) })
}

// seedGemm covers every transpose pair at sizes around the register tiles,
// with special values mixed in.
func seedGemm() [][]byte {
	var seeds [][]byte
	for _, tr := range [][2]byte{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
		for _, s := range [][3]byte{{1, 1, 1}, {7, 9, 5}, {8, 24, 3}, {9, 49, 17}, {13, 33, 65}, {0, 5, 5}, {5, 5, 0}} {
			d := []byte{tr[0], tr[1], s[0], s[1], s[2], 1, 2, 0, 1, 3}
			for i := 0; i < 64; i++ {
				d = append(d, byte(i*37+11))
			}
			seeds = append(seeds, d)
		}
	}
	return seeds
}
