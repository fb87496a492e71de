package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

// TestDhseqr runs gonum's Dhseqr suite on Implementation (orders up to
// 104, so the multishift driver's small cases).
func TestDhseqr(t *testing.T) {
	testlapack.DhseqrTest(t, Implementation{})
}

// randHess returns a random n×n upper Hessenberg matrix with stride ld,
// entries normal, scaled by grade^(i+j)/n (grade 1: not graded), upper
// triangular outside rows and columns ilo..ihi.
func randHess(rnd *rand.Rand, n, ld, ilo, ihi int, grade float64) []float64 {
	h := make([]float64, max(0, (n-1)*ld+n))
	for i := 0; i < n; i++ {
		for j := max(0, i-1); j < n; j++ {
			h[i*ld+j] = rnd.NormFloat64() * math.Pow(grade, float64(i+j)/float64(max(1, n)))
		}
	}
	// Triangular outside rows and columns ilo..ihi.
	for i := 1; i < n; i++ {
		if i <= ilo || i > ihi {
			h[i*ld+i-1] = 0
		}
	}
	return h
}

// frob returns the Frobenius norm of the m×n matrix a (stride lda).
func frob(m, n int, a []float64, lda int) float64 {
	var s float64
	for i := 0; i < m; i++ {
		for _, x := range a[i*lda : i*lda+n] {
			s += x * x
		}
	}
	return math.Sqrt(s)
}

// schurRatios returns ‖H − Z·T·Zᵀ‖_F/(n·‖H‖_F·u) and ‖ZᵀZ − I‖_F/(n·u) for
// the n×n H, Schur form T and Schur vectors Z, and checks that T is upper
// quasi-triangular with 2×2 blocks in standard form whose eigenvalues are
// wr, wi.
func schurRatios(t *testing.T, n int, h []float64, ldh int, tt []float64, ldt int, z []float64, ldz int, wr, wi []float64) (res, orth float64) {
	t.Helper()
	bi := blas64.Implementation()
	for i := 0; i < n; i++ {
		for j := 0; j < i-1; j++ {
			if tt[i*ldt+j] != 0 {
				t.Fatalf("T[%d,%d] = %v below the subdiagonal", i, j, tt[i*ldt+j])
			}
		}
	}
	for i := 0; i < n; {
		if i == n-1 || tt[(i+1)*ldt+i] == 0 {
			if wi[i] != 0 || wr[i] != tt[i*ldt+i] {
				t.Fatalf("eigenvalue %d = %v%+vi, T[%d,%d] = %v", i, wr[i], wi[i], i, i, tt[i*ldt+i])
			}
			i++
			continue
		}
		if i+2 < n && tt[(i+2)*ldt+i+1] != 0 {
			t.Fatalf("consecutive nonzero subdiagonal entries at %d", i)
		}
		a, b, c, d := tt[i*ldt+i], tt[i*ldt+i+1], tt[(i+1)*ldt+i], tt[(i+1)*ldt+i+1]
		if a != d || b*c >= 0 {
			t.Fatalf("2×2 block at %d not in standard form: %v %v %v %v", i, a, b, c, d)
		}
		im := math.Sqrt(math.Abs(b)) * math.Sqrt(math.Abs(c))
		if wr[i] != a || wr[i+1] != a || wi[i] != -wi[i+1] || !(math.Abs(wi[i]-im) <= 4*ulp64*im) {
			t.Fatalf("eigenvalues %d, %d = %v%+vi, %v%+vi for the block's %v±%vi", i, i+1, wr[i], wi[i], wr[i+1], wi[i+1], a, im)
		}
		i += 2
	}
	// Z·T·Zᵀ − H.
	zt := make([]float64, n*n)
	bi.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, z, ldz, tt, ldt, 0, zt, n)
	r := make([]float64, n*n)
	for i := 0; i < n; i++ {
		copy(r[i*n:i*n+n], h[i*ldh:i*ldh+n])
	}
	bi.Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, zt, n, z, ldz, -1, r, n)
	res = frob(n, n, r, n) / (float64(n) * frob(n, n, h, ldh) * ulp64)
	for i := range r {
		r[i] = 0
	}
	for i := 0; i < n; i++ {
		r[i*n+i] = -1
	}
	bi.Dgemm(blas.Trans, blas.NoTrans, n, n, n, 1, z, ldz, z, ldz, 1, r, n)
	orth = frob(n, n, r, n) / (float64(n) * ulp64)
	return res, orth
}

// complexSet returns the eigenvalues wr + i·wi sorted by real, then
// imaginary part.
func complexSet(wr, wi []float64) []complex128 {
	s := make([]complex128, len(wr))
	for i := range wr {
		s[i] = complex(wr[i], wi[i])
	}
	slices.SortFunc(s, func(a, b complex128) int {
		if real(a) != real(b) {
			if real(a) < real(b) {
				return -1
			}
			return 1
		}
		if imag(a) < imag(b) {
			return -1
		} else if imag(a) > imag(b) {
			return 1
		}
		return 0
	})
	return s
}

// matchEigenvalues pairs each eigenvalue of got with the nearest unpaired
// one of want and returns the largest distance divided by tol[i] (the
// allowed error of got's i-th eigenvalue; a scalar tolerance if tol has
// length 1).
func matchEigenvalues(got, want []complex128, tol []float64) float64 {
	used := make([]bool, len(want))
	var worst float64
	for i, g := range got {
		best, bj := math.Inf(1), -1
		for j, w := range want {
			if used[j] {
				continue
			}
			if d := math.Hypot(real(g)-real(w), imag(g)-imag(w)); d < best {
				best, bj = d, j
			}
		}
		if bj < 0 {
			return math.Inf(1)
		}
		used[bj] = true
		ti := tol[0]
		if len(tol) > 1 {
			ti = tol[i]
		}
		if r := best / ti; !(r <= worst) {
			worst = r
		}
	}
	return worst
}

// schurTol returns for each eigenvalue of the n×n Schur form T (wr, wi)
// the first-order perturbation bound e/s for a backward error of norm e,
// s = |yᴴx|/(‖x‖·‖y‖) its condition number from gonum's Dtrevc3 on T.
func schurTol(n int, tt []float64, ldt int, wr, wi []float64, e float64) []float64 {
	vl := make([]float64, n*n)
	vr := make([]float64, n*n)
	wt := make([]float64, 3*n)
	gonum.Implementation{}.Dtrevc3(lapack.EVBoth, lapack.EVAll, nil, n, tt, ldt, vl, n, vr, n, n, wt, len(wt))
	bi := blas64.Implementation()
	tol := make([]float64, n)
	for j := 0; j < n; {
		if wi[j] == 0 {
			x, y := bi.Dnrm2(n, vr[j:], n), bi.Dnrm2(n, vl[j:], n)
			tol[j] = e * x * y / math.Abs(bi.Ddot(n, vl[j:], n, vr[j:], n))
			j++
			continue
		}
		// Complex pair: x = a + ib, y = c + id, yᴴx = (ca + db) + i(cb − da).
		ac := bi.Ddot(n, vl[j:], n, vr[j:], n)
		bd := bi.Ddot(n, vl[j+1:], n, vr[j+1:], n)
		ad := bi.Ddot(n, vl[j+1:], n, vr[j:], n)
		bc := bi.Ddot(n, vl[j:], n, vr[j+1:], n)
		x := math.Hypot(bi.Dnrm2(n, vr[j:], n), bi.Dnrm2(n, vr[j+1:], n))
		y := math.Hypot(bi.Dnrm2(n, vl[j:], n), bi.Dnrm2(n, vl[j+1:], n))
		tol[j] = e * x * y / math.Hypot(ac+bd, bc-ad)
		tol[j+1] = tol[j]
		j += 2
	}
	return tol
}

// TestDhseqrMultishift checks the multishift path (orders above 75) with
// both BLAS: random and graded Hessenberg matrices at orders where the
// shift count and window change (76: 10 shifts; 150: 20 and GEMM updates;
// 250; 600: 64 shifts and a window of 96 > 75, so the window's Schur form
// recurses into the driver), a sub-block ilo..ihi with Z accumulated onto
// a given orthogonal matrix (SchurOrig), eigenvalues only, and the minimal
// workspace lwork = n. Checked: T quasi-triangular in standard form with
// the returned eigenvalues on its diagonal, ‖H − Z·T·Zᵀ‖_F ≤ 30·n·u·‖H‖_F,
// ‖ZᵀZ − I‖_F ≤ 30·n·u, the eigenvalues within 30·n·u·‖H‖_F/s of gonum's
// Dhseqr's (s the eigenvalue's condition number |yᴴx| from gonum's
// Dtrevc3 on our T, see schurTol) and equal to the values-only run's
// within the same bound.
func TestDhseqrMultishift(t *testing.T) {
	const rate = 30
	g := gonum.Implementation{}
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		for _, c := range []struct {
			n, ilo, ihi int
			grade       float64
			minwork     bool
		}{
			{76, 0, 75, 1, false},
			{100, 3, 90, 1, true},
			{150, 0, 149, 1, false},
			{160, 0, 159, 1e-6, false},
			{250, 10, 249, 1, false},
			{250, 0, 249, 1e8, true},
			{600, 0, 599, 1, false},
			{620, 7, 610, 1, true},
		} {
			if testing.Short() && c.n > 160 {
				continue // the 64-shift regime without -short only
			}
			n, ilo, ihi := c.n, c.ilo, c.ihi
			t.Run(fmt.Sprintf("%s/n=%d/ilo=%d/ihi=%d/grade=%g/minwork=%v", backend, n, ilo, ihi, c.grade, c.minwork), func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(uint64(n), uint64(ilo)))
				ld := n + 5
				h := randHess(rnd, n, ld, ilo, ihi, c.grade)
				// A random orthogonal Z0 that is the identity outside
				// ilo..ihi (a product of reflectors), as Dhseqr's
				// SchurOrig contract requires.
				m := ihi - ilo + 1
				z := make([]float64, (n-1)*ld+n)
				for i := 0; i < n; i++ {
					z[i*ld+i] = 1
				}
				q := make([]float64, m*m)
				for i := range q {
					q[i] = rnd.NormFloat64()
				}
				tau := make([]float64, m)
				wq := make([]float64, 4*m*m)
				g.Dgeqrf(m, m, q, m, tau, wq, len(wq))
				g.Dorgqr(m, m, m, q, m, tau, wq, len(wq))
				g.Dlacpy(blas.All, m, m, q, m, z[ilo*ld+ilo:], ld)
				// H0 = Z0·H·Z0ᵀ is what Z·T·Zᵀ must reproduce.
				h0 := make([]float64, n*n)
				tmp := make([]float64, n*n)
				blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, z, ld, h, ld, 0, tmp, n)
				blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, tmp, n, z, ld, 0, h0, n)

				impl := Implementation{}
				wr, wi := make([]float64, n), make([]float64, n)
				work := make([]float64, 1)
				impl.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurOrig, n, ilo, ihi, nil, ld, nil, nil, nil, ld, work, -1)
				lwork := int(work[0])
				if c.minwork {
					lwork = n
				}
				work = make([]float64, lwork)
				tt := slices.Clone(h)
				if info := impl.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurOrig, n, ilo, ihi, tt, ld, wr, wi, z, ld, work, lwork); info != 0 {
					t.Fatalf("unconverged = %d", info)
				}
				res, orth := schurRatios(t, n, h0, n, tt, ld, z, ld, wr, wi)
				if !(res <= rate) || !(orth <= rate) {
					t.Errorf("residual ratio %.3g, orthogonality ratio %.3g", res, orth)
				}

				tol := schurTol(n, tt, ld, wr, wi, rate*float64(n)*ulp64*frob(n, n, h, ld))
				got := make([]complex128, n)
				for j := range got {
					got[j] = complex(wr[j], wi[j])
				}

				// gonum's eigenvalues.
				hg := slices.Clone(h)
				wrg, wig := make([]float64, n), make([]float64, n)
				wg := make([]float64, 11*n)
				if info := g.Dhseqr(lapack.EigenvaluesOnly, lapack.SchurNone, n, ilo, ihi, hg, ld, wrg, wig, nil, 1, wg, len(wg)); info != 0 {
					t.Fatalf("gonum's Dhseqr: unconverged = %d", info)
				}
				if r := matchEigenvalues(got, complexSet(wrg, wig), tol); !(r <= 1) {
					t.Errorf("eigenvalues differ from gonum's by %.3g of the bound", r)
				}

				// Eigenvalues only.
				he := slices.Clone(h)
				wre, wie := make([]float64, n), make([]float64, n)
				if info := impl.Dhseqr(lapack.EigenvaluesOnly, lapack.SchurNone, n, ilo, ihi, he, ld, wre, wie, nil, 1, work, lwork); info != 0 {
					t.Fatalf("values only: unconverged = %d", info)
				}
				if r := matchEigenvalues(got, complexSet(wre, wie), tol); !(r <= 1) {
					t.Errorf("values-only eigenvalues differ by %.3g of the bound", r)
				}
				if testing.Verbose() {
					t.Logf("res %.3f orth %.3f", res, orth)
				}
			})
		}
	}
}

// TestDhseqrPanics checks that bad arguments make Dhseqr panic with
// gonum's messages, in gonum's order of checks.
func TestDhseqrPanics(t *testing.T) {
	type hseqrer interface {
		Dhseqr(job lapack.SchurJob, compz lapack.SchurComp, n, ilo, ihi int, h []float64, ldh int, wr, wi []float64, z []float64, ldz int, work []float64, lwork int) int
	}
	const n = 4
	S, E := lapack.EigenvaluesAndSchur, lapack.EigenvaluesOnly
	I, V, N := lapack.SchurHess, lapack.SchurOrig, lapack.SchurNone
	mk := func(k int) []float64 { return make([]float64, k) }
	for i, c := range []func(impl hseqrer){
		func(impl hseqrer) { impl.Dhseqr('X', I, n, 0, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, 'X', n, 0, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, -1, 0, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, -1, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, n, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 2, 1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n-1, mk(16), n-1, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, N, n, 0, n-1, mk(16), n, mk(n), mk(n), nil, 0, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, V, n, 0, n-1, mk(16), n, mk(n), mk(n), mk(16), n-1, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(E, I, n, 0, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n), n-1) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n-1, mk(16), n, mk(n), mk(n), mk(16), n, mk(n-1), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n-1, mk(15), n, mk(n), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n-1, mk(16), n, mk(n), mk(n), mk(15), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n-1, mk(16), n, mk(n-1), mk(n), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, n, 0, n-1, mk(16), n, mk(n), mk(n-1), mk(16), n, mk(n), n) },
		func(impl hseqrer) { impl.Dhseqr(S, I, 0, 0, -1, nil, 1, nil, nil, nil, 1, nil, 0) },
	} {
		want := panicMessage(func() { c(gonum.Implementation{}) })
		got := panicMessage(func() { c(Implementation{}) })
		if want == "" {
			t.Fatalf("case %d: gonum's Dhseqr does not panic", i)
		}
		if got != want {
			t.Errorf("case %d: panic %q, gonum's %q", i, got, want)
		}
	}
}

// TestDhseqrNaN: a NaN or infinite entry in the active block makes
// Dhseqr return ihi+1 (no eigenvalue of the block converged) with wr and wi
// NaN there and the isolated eigenvalues outside it set, at once, for both
// paths (Dlahqr below order 76, the multishift driver above). gonum's
// Dhseqr is not run for comparison: on such input it panics in Dlaqr1 or
// iterates for minutes, depending on the rounding (on arm64 it did not
// finish in ten minutes under qemu).
func TestDhseqrNaN(t *testing.T) {
	impl := Implementation{}
	for _, n := range []int{5, 20, 60, 80, 200} {
		for _, bad := range []float64{math.NaN(), math.Inf(1)} {
			for _, wantz := range []bool{false, true} {
				ilo, ihi := 1, n-2
				h := randHess(rand.New(rand.NewPCG(5, uint64(n))), n, n, ilo, ihi, 1)
				h[(n/2)*n+n/2] = bad
				compz := lapack.SchurNone
				if wantz {
					compz = lapack.SchurHess
				}
				wr, wi, z := make([]float64, n), make([]float64, n), make([]float64, n*n)
				work := make([]float64, 11*n)
				got := impl.Dhseqr(lapack.EigenvaluesAndSchur, compz, n, ilo, ihi, h, n, wr, wi, z, n, work, len(work))
				if got != ihi+1 {
					t.Errorf("n=%d %v wantz=%v: Dhseqr returned %d, want %d", n, bad, wantz, got, ihi+1)
				}
				for i := 0; i < n; i++ {
					inBlock := i >= ilo && i <= ihi
					if inBlock != math.IsNaN(wr[i]) || inBlock != math.IsNaN(wi[i]) {
						t.Errorf("n=%d %v wantz=%v: wr[%d], wi[%d] = %v, %v", n, bad, wantz, i, i, wr[i], wi[i])
					}
					if !inBlock && (wr[i] != h[i*n+i] || wi[i] != 0) {
						t.Errorf("n=%d: isolated eigenvalue %d = %v + %vi, want %v", n, i, wr[i], wi[i], h[i*n+i])
					}
				}
			}
		}
	}
}

// TestDhseqrRetry runs the second chance Dhseqr gives rows that Dlahqr
// left unconverged (hqrRetry) on random Hessenberg matrices, as if Dlahqr
// had failed on all of rows ilo..ihi, for orders below hqrNl (through the
// zero-padded copy) and above, and checks the Schur factorization.
func TestDhseqrRetry(t *testing.T) {
	const rate = 30
	for _, n := range []int{3, 10, 30, 48, 49, 60, 75} {
		for _, wantt := range []bool{false, true} {
			rnd := rand.New(rand.NewPCG(7, uint64(n)))
			ilo, ihi := min(1, n-1), n-1
			if n > 10 {
				ihi = n - 3
			}
			h := randHess(rnd, n, n, ilo, ihi, 1)
			tt := slices.Clone(h)
			z := make([]float64, n*n)
			for i := 0; i < n; i++ {
				z[i*n+i] = 1
			}
			wr, wi := make([]float64, n), make([]float64, n)
			for i := 0; i < n; i++ {
				if i < ilo || i > ihi {
					wr[i] = h[i*n+i]
				}
			}
			work := make([]float64, max(n, hqrNl))
			if info := (Implementation{}).hqrRetry(wantt, true, n, ilo, ihi, ihi, tt, n, wr, wi, z, n, work, len(work)); info != 0 {
				t.Fatalf("n=%d: unconverged = %d", n, info)
			}
			if !wantt {
				// Only the eigenvalues and Z are defined: compare
				// the eigenvalues with a Schur factorization's.
				h2 := slices.Clone(h)
				wr2, wi2 := make([]float64, n), make([]float64, n)
				z2 := make([]float64, n*n)
				w2 := make([]float64, max(1, n))
				Implementation{}.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurHess, n, ilo, ihi, h2, n, wr2, wi2, z2, n, w2, len(w2))
				tol := schurTol(n, h2, n, wr2, wi2, 2*rate*float64(n)*ulp64*frob(n, n, h, n))
				got := make([]complex128, n)
				for j := range got {
					got[j] = complex(wr2[j], wi2[j])
				}
				if r := matchEigenvalues(got, complexSet(wr, wi), tol); !(r <= 1) {
					t.Errorf("n=%d: eigenvalues differ by %.3g of the bound", n, r)
				}
				continue
			}
			if n > 2 {
				for i := 2; i < n; i++ {
					for j := 0; j < i-1; j++ {
						tt[i*n+j] = 0
					}
				}
			}
			res, orth := schurRatios(t, n, h, n, tt, n, z, n, wr, wi)
			if !(res <= rate) || !(orth <= rate) {
				t.Errorf("n=%d: residual ratio %.3g, orthogonality ratio %.3g", n, res, orth)
			}
		}
	}
}
