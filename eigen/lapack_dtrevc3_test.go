package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

// TestDtrevc3 runs gonum's Dtrevc3 suite on Implementation with gonum's
// BLAS and with ours. The suite checks the residuals and normalization of
// all eigenvectors, that selected ones are bitwise the columns of all of
// them, the back-transformed ones against Q·X, and that nothing outside
// the outputs is written.
func TestDtrevc3(t *testing.T) {
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		t.Run(backend+"/testlapack", func(t *testing.T) { testlapack.Dtrevc3Test(t, Implementation{}) })
	}
}

// trevcKinds are the quasi-triangular test matrices of trevcSchur.
var trevcKinds = []string{"mixed", "real", "close", "equal", "huge", "graded", "tiny"}

// trevcSchur returns an n×n upper quasi-triangular T in Schur canonical
// form (stride ldt, the padding NaN) of the given kind:
//
//	mixed:  1×1 and 2×2 diagonal blocks at random, entries N(0, 1);
//	real:   only 1×1 blocks;
//	close:  eigenvalues 1 + 1e-9·N(0, 1) (real) and (1, 1) + 1e-9·N(0, 1)
//	        (pairs), so the solves are nearly singular;
//	equal:  every real eigenvalue 2, every pair 2 ± 1i (defective: the
//	        solves hit Dlaln2's smin perturbation);
//	huge:   mixed scaled by 1e300 (the row norms exceed bignum);
//	graded: diagonal O(1), strictly upper entries O(1e150), so that the
//	        solutions grow by 1e150 per row and the overflow scaling runs;
//	tiny:   mixed scaled by 1e-300 (below smlnum: perturbed solves).
func trevcSchur(kind string, n, ldt int, rnd *rand.Rand) []float64 {
	tm := make([]float64, max(0, (n-1)*ldt+n))
	for i := range tm {
		tm[i] = math.NaN()
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := 0.0
			if j > i {
				v = rnd.NormFloat64()
				if kind == "graded" {
					v *= 1e150
				}
			}
			tm[i*ldt+j] = v
		}
	}
	for j := 0; j < n; {
		pair := j < n-1 && kind != "real" && rnd.IntN(2) == 0
		var wr, wi float64
		switch kind {
		case "close":
			wr, wi = 1+1e-9*rnd.NormFloat64(), 1+1e-9*rnd.NormFloat64()
		case "equal":
			wr, wi = 2, 1
		default:
			wr, wi = rnd.NormFloat64(), 0.1+math.Abs(rnd.NormFloat64())
		}
		if !pair {
			tm[j*ldt+j] = wr
			j++
			continue
		}
		// The standard form [a b; c a] with b·c = −wi² < 0.
		r := math.Exp(rnd.NormFloat64() / 2)
		if kind == "equal" {
			r = 1
		}
		tm[j*ldt+j], tm[j*ldt+j+1] = wr, wi*r
		tm[(j+1)*ldt+j], tm[(j+1)*ldt+j+1] = -wi/r, wr
		j += 2
	}
	var s float64
	switch kind {
	case "huge":
		s = 1e300
	case "tiny":
		s = 1e-300
	default:
		return tm
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			tm[i*ldt+j] *= s
		}
	}
	return tm
}

// trevcEig returns the eigenvalues of the quasi-triangular T.
func trevcEig(n int, tm []float64, ldt int) (wr, wi []float64) {
	wr, wi = make([]float64, n), make([]float64, n)
	for j := 0; j < n; {
		wr[j] = tm[j*ldt+j]
		if j == n-1 || tm[(j+1)*ldt+j] == 0 {
			j++
			continue
		}
		w := math.Sqrt(math.Abs(tm[j*ldt+j+1])) * math.Sqrt(math.Abs(tm[(j+1)*ldt+j]))
		wr[j+1], wi[j], wi[j+1] = wr[j], w, -w
		j += 2
	}
	return wr, wi
}

// trevcResidual returns the largest over the eigenvectors (columns of v,
// pairs for complex eigenvalues) of ‖A·x − λ·x‖₁ / (max(‖A‖₁, s)·‖x‖₁·n·u),
// s = n·safmin/u: the backward error in units of n·u; s covers what
// Dlaln2's perturbation smin allows when ‖A‖ is below it (LAPACK's smlnum).
// right selects A·x = λx, else yᵀ·A = λyᵀ (computed as Aᵀy = λy).
func trevcResidual(n int, a []float64, lda int, v []float64, ldv int, wr, wi []float64, right bool) float64 {
	at := make([]float64, n*n)
	var anorm float64
	for j := 0; j < n; j++ {
		var cs float64
		for i := 0; i < n; i++ {
			x := a[i*lda+j]
			if right {
				at[i*n+j] = x
			} else {
				at[j*n+i] = x
			}
			cs += math.Abs(x)
		}
		anorm = math.Max(anorm, cs)
	}
	if !right {
		anorm = 0
		for i := 0; i < n; i++ {
			var rs float64
			for j := 0; j < n; j++ {
				rs += math.Abs(a[i*lda+j])
			}
			anorm = math.Max(anorm, rs)
		}
	}
	r := make([]float64, n*n)
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, at, n, v, ldv, 0, r, n)
	den := math.Max(anorm*float64(n)*ulp64, float64(n)*0x1p-1022/ulp64)
	var worst float64
	for j := 0; j < n; j++ {
		var rn, xn float64
		if wi[j] == 0 {
			for i := 0; i < n; i++ {
				rn += math.Abs(r[i*n+j] - wr[j]*v[i*ldv+j])
				xn += math.Abs(v[i*ldv+j])
			}
		} else {
			// Columns j, j+1 hold x = p + iq with eigenvalue wr + i·w,
			// w = wi[j] > 0 (right) or its conjugate (left):
			// A·p = wr·p ∓ w·q, A·q = ±w·p + wr·q.
			w := wi[j]
			if !right {
				w = -w
			}
			for i := 0; i < n; i++ {
				p, q := v[i*ldv+j], v[i*ldv+j+1]
				rn += math.Abs(r[i*n+j]-(wr[j]*p-w*q)) + math.Abs(r[i*n+j+1]-(w*p+wr[j]*q))
				xn += math.Abs(p) + math.Abs(q)
			}
			j++
		}
		worst = math.Max(worst, rn/(den*xn))
	}
	return worst
}

// trevcOrth returns an n×n orthogonal matrix (gonum's Dgeqrf and Dorgqr of
// a random matrix) with stride ld.
func trevcOrth(n, ld int, rnd *rand.Rand) []float64 {
	g := gonum.Implementation{}
	q := make([]float64, (n-1)*ld+n)
	for i := range q {
		q[i] = rnd.NormFloat64()
	}
	tau := make([]float64, n)
	work := make([]float64, 64*n)
	g.Dgeqrf(n, n, q, ld, tau, work, len(work))
	g.Dorgqr(n, n, n, q, ld, tau, work, len(work))
	for i := 0; i < n; i++ {
		for j := n; j < ld && i*ld+j < len(q); j++ {
			q[i*ld+j] = math.NaN()
		}
	}
	return q
}

// trevcCall runs impl's Dtrevc3 on copies of the outputs (vl, vr are n×mm
// with stride ld, initialised from vl0, vr0 if not nil, else NaN) and
// returns them with m.
func trevcCall(impl interface {
	Dtrevc3(lapack.EVSide, lapack.EVHowMany, []bool, int, []float64, int, []float64, int, []float64, int, int, []float64, int) int
}, side lapack.EVSide, howmny lapack.EVHowMany, sel []bool, n int, tm []float64, ldt int, ld, mm int, vl0, vr0 []float64, lwork int) (m int, vl, vr []float64) {
	vl = make([]float64, (n-1)*ld+mm)
	vr = make([]float64, (n-1)*ld+mm)
	for i := range vl {
		vl[i], vr[i] = math.NaN(), math.NaN()
	}
	if vl0 != nil {
		copy(vl, vl0)
	}
	if vr0 != nil {
		copy(vr, vr0)
	}
	work := make([]float64, lwork)
	for i := range work {
		work[i] = math.NaN()
	}
	m = impl.Dtrevc3(side, howmny, sel, n, tm, ldt, vl, ld, vr, ld, mm, work, lwork)
	return m, vl, vr
}

// TestDtrevc3Compare compares Implementation's Dtrevc3 with gonum's on the
// matrices of trevcSchur, n = 1…200 (a few with ldt > n), for every side
// and howmny and several workspace lengths:
//   - the right eigenvectors of T (howmny All) have backward errors
//     ‖T·x − λx‖₁ ≤ 30·‖T‖₁·‖x‖₁·n·u (trevcResidual), are normalized, are
//     the same bitwise for every lwork and, where the eigenvalues are
//     separated, agree with gonum's to 1e3·n·u·‖T‖/sep;
//   - selected ones are bitwise the columns of all of them, with gonum's m
//     and gonum's standardization of selected;
//   - the back-transformed ones (AllMulQ, Q orthogonal) have backward
//     errors ≤ 30 for A = Q·T·Qᵀ and agree with gonum's;
//   - the same for the left eigenvectors (yᵀ·T = λyᵀ);
//   - nothing is written outside the m output columns and T is untouched.
func TestDtrevc3Compare(t *testing.T) {
	prev := blas64.Implementation()
	blas64.Use(kernels.Implementation{})
	defer blas64.Use(prev)
	ours, ref := Implementation{}, gonum.Implementation{}
	rnd := rand.New(rand.NewPCG(11, 3))
	type size struct{ n, extra int }
	sizes := []size{{1, 0}, {2, 0}, {3, 0}, {4, 3}, {5, 0}, {8, 0}, {17, 5}, {33, 0}, {64, 0}, {100, 1}, {200, 0}}
	if testing.Short() {
		// The race detector and qemu: every path (blocks of vectors
		// included) on orders up to 70, about a tenth of the time.
		sizes = []size{{1, 0}, {2, 0}, {3, 0}, {4, 3}, {5, 0}, {17, 5}, {70, 1}}
	}
	for _, kind := range trevcKinds {
		for _, sz := range sizes {
			n, ldt := sz.n, sz.n+sz.extra
			tm := trevcSchur(kind, n, ldt, rnd)
			tcopy := append([]float64(nil), tm...)
			wr, wi := trevcEig(n, tm, ldt)
			sep := math.Inf(1)
			var tnorm float64
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					tnorm = math.Max(tnorm, math.Abs(tm[i*ldt+j]))
				}
				for j := 0; j < i; j++ {
					sep = math.Min(sep, math.Hypot(wr[i]-wr[j], math.Abs(wi[i])-math.Abs(wi[j])))
				}
			}
			tnorm *= float64(n)
			ld := n + 2
			q := trevcOrth(n, ld, rnd)
			query := []float64{0}
			ours.Dtrevc3(lapack.EVBoth, lapack.EVAllMulQ, nil, n, tm, ldt, nil, ld, nil, ld, n, query, -1)
			opt := int(query[0])
			lworks := []int{3 * n, 5 * n, 9 * n, opt, opt + 7}
			for _, side := range []lapack.EVSide{lapack.EVRight, lapack.EVLeft, lapack.EVBoth} {
				name := fmt.Sprintf("%s/n=%d/ldt=%d/side=%c", kind, n, ldt, side)
				right, left := side != lapack.EVLeft, side != lapack.EVRight
				// gonum's Dtrevc3 with its blocked workspace can panic on
				// tiny 2×2 blocks (its Dlaln2 indexes x with ldb where
				// cmax < smin), so it runs with the minimum workspace.
				_, gvl, gvr := trevcCall(ref, side, lapack.EVAll, nil, n, tm, ldt, ld, n, nil, nil, 3*n)
				var vl0, vr0 []float64
				for k, lw := range lworks {
					m, vl, vr := trevcCall(ours, side, lapack.EVAll, nil, n, tm, ldt, ld, n, nil, nil, lw)
					if m != n {
						t.Fatalf("%s: m = %d, want %d", name, m, n)
					}
					if k == 0 {
						vl0, vr0 = vl, vr
						trevcCheckPad(t, name+"/All", n, n, ld, vl, vr, left, right)
						for _, o := range []struct {
							on    bool
							v, gv []float64
							lr    string
						}{{right, vr, gvr, "right"}, {left, vl, gvl, "left"}} {
							if !o.on {
								continue
							}
							if r := trevcResidual(n, tm, ldt, o.v, ld, wr, wi, o.lr == "right"); !(r <= 30) {
								t.Errorf("%s: %s residual %.3g n·u", name, o.lr, r)
							}
							trevcCheckNorm(t, name+"/"+o.lr, n, o.v, ld, wi)
							if kind == "mixed" || kind == "real" || kind == "huge" || kind == "tiny" {
								tol := 1e3 * float64(n) * ulp64 * tnorm / sep
								if d := trevcDiff(n, o.v, o.gv, ld); !(d <= tol) {
									t.Errorf("%s: %s vectors differ from gonum's by %.3g (tol %.3g)", name, o.lr, d, tol)
								}
							}
						}
						continue
					}
					if (right && !trevcSame(vr, vr0)) || (left && !trevcSame(vl, vl0)) {
						t.Errorf("%s: lwork %d: vectors differ from lwork %d's", name, lw, lworks[0])
					}
				}

				// Selected: every third eigenvalue, and for pairs either flag.
				sel := make([]bool, n)
				for j := range sel {
					sel[j] = rnd.IntN(3) == 0
				}
				selRef := append([]bool(nil), sel...)
				mRef := ref.Dtrevc3(side, lapack.EVSelected, selRef, n, tm, ldt, nil, ld, nil, ld, n, []float64{0}, -1)
				for _, lw := range []int{3 * n, opt} {
					s := append([]bool(nil), sel...)
					m, vl, vr := trevcCall(ours, side, lapack.EVSelected, s, n, tm, ldt, ld, max(mRef, 1), nil, nil, lw)
					if m != mRef {
						t.Fatalf("%s/Selected: m = %d, gonum %d", name, m, mRef)
					}
					for j := range s {
						if s[j] != selRef[j] {
							t.Fatalf("%s/Selected: selected[%d] = %v, gonum %v", name, j, s[j], selRef[j])
						}
					}
					if m > 0 {
						trevcCheckPad(t, name+"/Selected", n, m, ld, vl, vr, left, right)
					}
					col := 0
					for j := 0; j < n; j++ {
						if !s[j] {
							continue
						}
						w := 1
						if wi[j] != 0 {
							w = 2
						}
						for c := 0; c < w; c++ {
							for i := 0; i < n; i++ {
								if right && math.Float64bits(vr[i*ld+col+c]) != math.Float64bits(vr0[i*ld+j+c]) {
									t.Fatalf("%s/Selected lwork %d: right column %d is not All's column %d", name, lw, col+c, j+c)
								}
								if left && math.Float64bits(vl[i*ld+col+c]) != math.Float64bits(vl0[i*ld+j+c]) {
									t.Fatalf("%s/Selected lwork %d: left column %d is not All's column %d", name, lw, col+c, j+c)
								}
							}
						}
						col += w
					}
				}

				// AllMulQ: Q·X for the orthogonal Q; A = Q·T·Qᵀ.
				a := make([]float64, n*n)
				tq := make([]float64, n*ld)
				tmp := make([]float64, n*n)
				for i := 0; i < n; i++ {
					copy(tq[i*ld:i*ld+n], tm[i*ldt:i*ldt+n])
				}
				blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, q, ld, tq, ld, 0, tmp, n)
				blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, tmp, n, q, ld, 0, a, n)
				var ql, qr []float64
				if left {
					ql = q
				}
				if right {
					qr = q
				}
				_, gvlq, gvrq := trevcCall(ref, side, lapack.EVAllMulQ, nil, n, tm, ldt, ld, n, ql, qr, 3*n)
				for _, lw := range lworks {
					_, vl, vr := trevcCall(ours, side, lapack.EVAllMulQ, nil, n, tm, ldt, ld, n, ql, qr, lw)
					trevcCheckPad(t, name+"/AllMulQ", n, n, ld, vl, vr, left, right)
					for _, o := range []struct {
						on    bool
						v, gv []float64
						lr    string
					}{{right, vr, gvrq, "right"}, {left, vl, gvlq, "left"}} {
						if !o.on {
							continue
						}
						if kind != "huge" && kind != "graded" {
							// A has rounding errors of order u·‖T‖ of its own.
							if r := trevcResidual(n, a, n, o.v, ld, wr, wi, o.lr == "right"); !(r <= 30) {
								t.Errorf("%s/AllMulQ lwork %d: %s residual %.3g n·u", name, lw, o.lr, r)
							}
						}
						trevcCheckNorm(t, name+"/AllMulQ/"+o.lr, n, o.v, ld, wi)
						if kind == "mixed" || kind == "real" || kind == "huge" || kind == "tiny" {
							tol := 1e3 * float64(n) * ulp64 * tnorm / sep
							if d := trevcDiff(n, o.v, o.gv, ld); !(d <= tol) {
								t.Errorf("%s/AllMulQ lwork %d: %s vectors differ from gonum's by %.3g (tol %.3g)", name, lw, o.lr, d, tol)
							}
						}
					}
				}
			}
			if !trevcSame(tm, tcopy) {
				t.Fatalf("%s/n=%d: T modified", kind, n)
			}
		}
	}
}

// trevcSame reports whether a and b are bitwise equal (NaNs included).
func trevcSame(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// trevcDiff returns max_j ‖x_j − y_j‖∞ over the columns (x, y normalized).
func trevcDiff(n int, x, y []float64, ld int) float64 {
	var d float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			d = math.Max(d, math.Abs(x[i*ld+j]-y[i*ld+j]))
		}
	}
	return d
}

// trevcCheckPad checks that the outputs' m columns are finite and their
// padding (columns m…ld−1) still NaN.
func trevcCheckPad(t *testing.T, name string, n, m, ld int, vl, vr []float64, left, right bool) {
	t.Helper()
	for _, o := range []struct {
		v  []float64
		on bool
		s  string
	}{{vl, left, "VL"}, {vr, right, "VR"}} {
		for i := 0; i < n; i++ {
			for j := 0; j < ld && i*ld+j < len(o.v); j++ {
				x := o.v[i*ld+j]
				if j < m && o.on {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						t.Fatalf("%s: %s[%d,%d] = %v", name, o.s, i, j, x)
					}
				} else if !math.IsNaN(x) {
					t.Fatalf("%s: %s[%d,%d] = %v written", name, o.s, i, j, x)
				}
			}
		}
	}
}

// trevcCheckNorm checks that each eigenvector's largest |re|+|im| is 1.
func trevcCheckNorm(t *testing.T, name string, n int, v []float64, ld int, wi []float64) {
	t.Helper()
	for j := 0; j < n; j++ {
		var e float64
		w := 1
		if wi[j] != 0 {
			w = 2
		}
		for i := 0; i < n; i++ {
			if w == 1 {
				e = math.Max(e, math.Abs(v[i*ld+j]))
			} else {
				e = math.Max(e, math.Abs(v[i*ld+j])+math.Abs(v[i*ld+j+1]))
			}
		}
		if math.Abs(e-1) > 4*ulp64 {
			t.Errorf("%s: vector %d has norm %v", name, j, e)
		}
		j += w - 1
	}
}

// TestDtrevc3Panics checks that Implementation's Dtrevc3 panics with
// gonum's message, or not at all, wherever gonum's does.
func TestDtrevc3Panics(t *testing.T) {
	const n = 4
	tm := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			tm[i*n+j] = float64(1 + i + j)
		}
	}
	tm[3*n+2] = -1 // a 2×2 block at rows 2, 3
	v := make([]float64, n*n)
	work := make([]float64, 1000)
	all := lapack.EVAll
	type args struct {
		side       lapack.EVSide
		howmny     lapack.EVHowMany
		sel        []bool
		n, ldt     int
		t          []float64
		vl         []float64
		ldvl       int
		vr         []float64
		ldvr, mm   int
		work       []float64
		lwork      int
		name       string
		selCopyOut bool
	}
	base := args{side: lapack.EVBoth, howmny: all, n: n, ldt: n, t: tm, vl: v, ldvl: n, vr: v, ldvr: n, mm: n, work: work, lwork: 3 * n}
	cases := []func(a *args){
		func(a *args) { a.name = "ok" },
		func(a *args) { a.name = "side"; a.side = 'X' },
		func(a *args) { a.name = "howmny"; a.howmny = 'X' },
		func(a *args) { a.name = "n<0"; a.n = -1 },
		func(a *args) { a.name = "ldt"; a.ldt = n - 1 },
		func(a *args) { a.name = "mm<0"; a.mm = -1 },
		func(a *args) { a.name = "ldvl<1"; a.ldvl = 0 },
		func(a *args) { a.name = "ldvr<1"; a.ldvr = 0 },
		func(a *args) { a.name = "lwork"; a.lwork = 3*n - 1 },
		func(a *args) { a.name = "short work"; a.work = work[:3*n-1] },
		func(a *args) { a.name = "short t"; a.t = tm[:len(tm)-1] },
		func(a *args) { a.name = "short t query"; a.t = tm[:len(tm)-1]; a.lwork = -1 },
		func(a *args) { a.name = "len selected"; a.howmny = lapack.EVSelected; a.sel = make([]bool, n-1) },
		func(a *args) { a.name = "mm<m"; a.mm = n - 1 },
		func(a *args) {
			a.name = "mm<m selected"
			a.howmny = lapack.EVSelected
			a.sel = []bool{false, true, false, true}
			a.mm = 2
		},
		func(a *args) {
			a.name = "selected none"
			a.howmny = lapack.EVSelected
			a.sel = make([]bool, n)
			a.mm = 0
			a.vl, a.vr = nil, nil
		},
		func(a *args) { a.name = "ldvl<mm"; a.ldvl = n - 1 },
		func(a *args) { a.name = "short vl"; a.vl = v[:len(v)-1] },
		func(a *args) { a.name = "ldvr<mm"; a.ldvr = n - 1 },
		func(a *args) { a.name = "short vr"; a.vr = v[:len(v)-1] },
		func(a *args) {
			a.name = "short vr right"
			a.side = lapack.EVRight
			a.vr = v[:len(v)-1]
			a.vl = nil
			a.ldvl = 1
		},
		func(a *args) { a.name = "short vl right"; a.side = lapack.EVRight; a.vl = nil; a.ldvl = 1 },
		func(a *args) { a.name = "short vr left"; a.side = lapack.EVLeft; a.vr = nil; a.ldvr = 1 },
		func(a *args) { a.name = "ldvr<mm query"; a.ldvr = n - 1; a.lwork = -1 },
		func(a *args) {
			a.name = "n=0"
			a.n = 0
			a.t = nil
			a.vl, a.vr = nil, nil
			a.work = work[:1]
			a.lwork = 1
		},
	}
	call := func(impl interface {
		Dtrevc3(lapack.EVSide, lapack.EVHowMany, []bool, int, []float64, int, []float64, int, []float64, int, int, []float64, int) int
	}, a args) (msg string, m int) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
			}
		}()
		var sel []bool
		if a.sel != nil {
			sel = append([]bool(nil), a.sel...)
		}
		vl := append([]float64(nil), a.vl...)
		vr := append([]float64(nil), a.vr...)
		w := make([]float64, len(a.work))
		m = impl.Dtrevc3(a.side, a.howmny, sel, a.n, a.t, a.ldt, vl, a.ldvl, vr, a.ldvr, a.mm, w, a.lwork)
		return "", m
	}
	for _, c := range cases {
		a := base
		c(&a)
		got, gm := call(Implementation{}, a)
		want, wm := call(gonum.Implementation{}, a)
		if got != want || gm != wm {
			t.Errorf("%s: panic %q m %d, gonum panic %q m %d", a.name, got, gm, want, wm)
		}
	}
}

// TestDtrevc3Query checks the workspace query: gonum's work[0] and m, and
// selected standardized as gonum does, without touching VL or VR.
func TestDtrevc3Query(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 9))
	for _, n := range []int{0, 1, 2, 3, 10, 64, 301} {
		tm := trevcSchur("mixed", n, n, rnd)
		for _, side := range []lapack.EVSide{lapack.EVRight, lapack.EVLeft, lapack.EVBoth} {
			for _, howmny := range []lapack.EVHowMany{lapack.EVAll, lapack.EVAllMulQ, lapack.EVSelected} {
				sel := make([]bool, n)
				for j := range sel {
					sel[j] = rnd.IntN(2) == 0
				}
				selRef := append([]bool(nil), sel...)
				w, wr := []float64{-3}, []float64{-3}
				m := Implementation{}.Dtrevc3(side, howmny, sel, n, tm, max(1, n), nil, 1, nil, 1, n, w, -1)
				mr := gonum.Implementation{}.Dtrevc3(side, howmny, selRef, n, tm, max(1, n), nil, 1, nil, 1, n, wr, -1)
				if m != mr || w[0] != wr[0] {
					t.Errorf("n=%d side=%c howmny=%c: query m=%d work[0]=%v, gonum m=%d work[0]=%v", n, side, howmny, m, w[0], mr, wr[0])
				}
				for j := range sel {
					if sel[j] != selRef[j] {
						t.Errorf("n=%d side=%c howmny=%c: selected[%d] = %v, gonum %v", n, side, howmny, j, sel[j], selRef[j])
					}
				}
			}
		}
	}
}

// TestDtrevc3Kernels checks the bitwise identities the blocking relies on:
// dot2 returns dot1's values, and the fused row updates equal the separate
// ones, for lengths 0…40 (every remainder of the four chains).
func TestDtrevc3Kernels(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2, 2))
	vec := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rnd.NormFloat64() * math.Exp(10*rnd.NormFloat64())
		}
		return v
	}
	for n := 0; n <= 40; n++ {
		for _, m := range []int{n, max(0, n-1), max(0, n-5)} {
			a, x, y := vec(n+3), vec(n), vec(m)
			d1, d2 := dot2(a, x, y)
			if math.Float64bits(d1) != math.Float64bits(dot1(a, x)) || math.Float64bits(d2) != math.Float64bits(dot1(a, y)) {
				t.Errorf("n=%d m=%d: dot2 = %v, %v; dot1 %v, %v", n, m, d1, d2, dot1(a, x), dot1(a, y))
			}
		}
		tt, u, x, y := vec(n), vec(n), vec(n), vec(n)
		al, be, ga, de := rnd.NormFloat64(), rnd.NormFloat64(), rnd.NormFloat64(), rnd.NormFloat64()
		x1, y1 := append([]float64(nil), x...), append([]float64(nil), y...)
		trevcAxpy(al, tt, x1)
		trevcAxpy(be, u, x1)
		x2 := append([]float64(nil), x...)
		trevcAxpyRows(tt, u, al, be, x2)
		if !trevcSame(x1, x2) {
			t.Errorf("n=%d: trevcAxpyRows differs from two trevcAxpy", n)
		}
		x1 = append(x1[:0], x...)
		trevcAxpy2(tt, al, x1, ga, y1)
		trevcAxpy2(u, be, x1, de, y1)
		x2, y2 := append([]float64(nil), x...), append([]float64(nil), y...)
		trevcAxpy2Rows(tt, u, al, be, x2, ga, de, y2)
		if !trevcSame(x1, x2) || !trevcSame(y1, y2) {
			t.Errorf("n=%d: trevcAxpy2Rows differs from two trevcAxpy2", n)
		}
	}
}
