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

// TestDgeev runs gonum's Dgeev suite on Implementation.
func TestDgeev(t *testing.T) {
	if testing.Short() {
		t.Skip("gonum's Dgeev suite (5 s natively) runs without -short; TestDgeevCompare covers Dgeev in -short runs")
	}
	testlapack.DgeevTest(t, Implementation{})
}

// geevMatrix returns an n×n test matrix (stride ld) of the given kind:
// "random" (normal entries), "graded" (D·R·D, D = diag(10^(−5i/n))) or
// "defective" (Q·J·Qᵀ with J a direct sum of Jordan blocks of orders 1-4
// with eigenvalues of mixed sign, perturbed by 1e-12, Q random orthogonal).
func geevMatrix(rnd *rand.Rand, kind string, n, ld int) []float64 {
	a := make([]float64, max(0, (n-1)*ld+n))
	switch kind {
	case "random":
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i*ld+j] = rnd.NormFloat64()
			}
		}
	case "graded":
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i*ld+j] = rnd.NormFloat64() * math.Pow(10, -5*float64(i+j)/float64(n))
			}
		}
	case "defective":
		j := make([]float64, n*n)
		for i := 0; i < n; {
			k := min(1+rnd.IntN(4), n-i)
			lambda := float64(rnd.IntN(7) - 3)
			for p := i; p < i+k; p++ {
				j[p*n+p] = lambda
				if p+1 < i+k {
					j[p*n+p+1] = 1
				}
			}
			i += k
		}
		for i := range j {
			j[i] += 1e-12 * rnd.NormFloat64()
		}
		g := gonum.Implementation{}
		q := make([]float64, n*n)
		for i := range q {
			q[i] = rnd.NormFloat64()
		}
		tau := make([]float64, n)
		w := make([]float64, 4*n*n+1)
		g.Dgeqrf(n, n, q, n, tau, w, len(w))
		g.Dorgqr(n, n, n, q, n, tau, w, len(w))
		bi := blas64.Implementation()
		tmp := make([]float64, n*n)
		bi.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, q, n, j, n, 0, tmp, n)
		bi.Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, tmp, n, q, n, 0, a, ld)
	default:
		panic(kind)
	}
	return a
}

// evResidual returns ‖op(A)·V − V·Λ‖_F/(n·‖A‖_F·u) for the eigenvector
// columns of v (real eigenvalue: one column; a conjugate pair α ± iβ: the
// columns a, b of a ± ib) with op(A) = A or, for left eigenvectors, Aᵀ,
// and checks each vector's normalization (unit 2-norm, and for complex
// ones a zero imaginary part at the largest-magnitude component).
func evResidual(t *testing.T, trans bool, n int, a []float64, lda int, v []float64, ldv int, wr, wi []float64) float64 {
	t.Helper()
	bi := blas64.Implementation()
	tA := blas.NoTrans
	if trans {
		tA = blas.Trans
	}
	av := make([]float64, n*n)
	bi.Dgemm(tA, blas.NoTrans, n, n, n, 1, a, lda, v, ldv, 0, av, n)
	for j := 0; j < n; {
		if wi[j] == 0 {
			for i := 0; i < n; i++ {
				av[i*n+j] -= wr[j] * v[i*ldv+j]
			}
			if nrm := bi.Dnrm2(n, v[j:], ldv); math.Abs(nrm-1) > 4*float64(n)*ulp64 {
				t.Errorf("vector %d has norm %v", j, nrm)
			}
			j++
			continue
		}
		// Right: A(a + ib) = (α + iβ)(a + ib), so A·a = α·a − β·b and
		// A·b = β·a + α·b. Left: uᴴA = λuᴴ ⇔ Aᵀu = λ̄u, the same
		// with −β.
		al, be := wr[j], wi[j]
		if trans {
			be = -be
		}
		big, imBig := 0.0, 0.0
		for i := 0; i < n; i++ {
			x, y := v[i*ldv+j], v[i*ldv+j+1]
			av[i*n+j] -= al*x - be*y
			av[i*n+j+1] -= be*x + al*y
			if m := math.Hypot(x, y); m > big {
				big, imBig = m, y
			}
		}
		nrm := math.Hypot(bi.Dnrm2(n, v[j:], ldv), bi.Dnrm2(n, v[j+1:], ldv))
		if math.Abs(nrm-1) > 4*float64(n)*ulp64 {
			t.Errorf("vector %d has norm %v", j, nrm)
		}
		if math.Abs(imBig) > 4*float64(n)*ulp64*big {
			t.Errorf("vector %d: largest component has imaginary part %v", j, imBig)
		}
		j += 2
	}
	return frob(n, n, av, n) / (float64(n) * math.Max(frob(n, n, a, lda), 0x1p-1022) * ulp64)
}

// balancedVectorNorm returns ‖x_B‖₂ for the vector column j of v (with
// column j+1 the imaginary part if pair), x_B = D⁻¹·Pᵀ·x (right, left:
// D·Pᵀ·x) in the basis of gonum's balancing B = D⁻¹·Pᵀ·A·P·D (ilo, ihi,
// scale from Dgebal), that is, the inverse of Dgebak.
func balancedVectorNorm(n, ilo, ihi int, scale []float64, v []float64, ldv, j int, pair, left bool) float64 {
	cols := 1
	if pair {
		cols = 2
	}
	x := make([]float64, n*cols)
	for i := 0; i < n; i++ {
		for c := 0; c < cols; c++ {
			x[i*cols+c] = v[i*ldv+j+c]
		}
	}
	swap := func(i, k int) {
		for c := 0; c < cols; c++ {
			x[i*cols+c], x[k*cols+c] = x[k*cols+c], x[i*cols+c]
		}
	}
	for i := n - 1; i > ihi; i-- {
		swap(i, int(scale[i]))
	}
	for i := 0; i < ilo; i++ {
		swap(i, int(scale[i]))
	}
	if ilo != ihi {
		for i := ilo; i <= ihi; i++ {
			f := 1 / scale[i]
			if left {
				f = scale[i]
			}
			for c := 0; c < cols; c++ {
				x[i*cols+c] *= f
			}
		}
	}
	var s float64
	for _, e := range x {
		s += e * e
	}
	return math.Sqrt(s)
}

// TestDgeevCompare compares Dgeev with gonum's on random, graded and
// nearly defective matrices of orders 1-300 (Dlahqr below 76, the
// multishift code from 76, 10/20/24/… shifts), with gonum's BLAS and
// ours, left and right eigenvectors: residuals ‖A·V − V·Λ‖_F and
// ‖Aᵀ·U − U·Λ̄‖_F ≤ 30·n·u·‖A‖_F, unit normalized vectors with the
// largest component real, and each eigenvalue within
// 30·n·u·‖B‖_F·‖x_B‖·‖y_B‖/|yᴴx| of gonum's (first-order perturbation
// bound for backward errors of 30·n·u·‖B‖_F in the balanced matrix B; x,
// y our right and left eigenvectors, x_B, y_B in B's basis; pairing by
// nearest distance), and the values-only run within the same bound.
func TestDgeevCompare(t *testing.T) {
	const rate = 30
	g := gonum.Implementation{}
	impl := Implementation{}
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		sizes := []int{1, 2, 3, 4, 5, 8, 15, 16, 17, 30, 49, 50, 75, 76, 100, 150, 151, 200, 300}
		if testing.Short() {
			// Every path (Dlahqr below 75, the multishift driver above, 2×2
			// blocks) in a tenth of the time: for the race detector and qemu.
			sizes = []int{1, 2, 3, 5, 16, 17, 76, 100}
		}
		for _, n := range sizes {
			for _, kind := range []string{"random", "graded", "defective"} {
				t.Run(fmt.Sprintf("%s/n=%d/%s", backend, n, kind), func(t *testing.T) {
					rnd := rand.New(rand.NewPCG(uint64(n), uint64(len(kind))))
					ld := n + 3
					a := geevMatrix(rnd, kind, n, ld)

					// Ours, both eigenvector sides.
					ac := slices.Clone(a)
					wr, wi := make([]float64, n), make([]float64, n)
					vl, vr := make([]float64, n*ld), make([]float64, n*ld)
					work := make([]float64, 1)
					impl.Dgeev(lapack.LeftEVCompute, lapack.RightEVCompute, n, ac, ld, wr, wi, vl, ld, vr, ld, work, -1)
					work = make([]float64, int(work[0]))
					if first := impl.Dgeev(lapack.LeftEVCompute, lapack.RightEVCompute, n, ac, ld, wr, wi, vl, ld, vr, ld, work, len(work)); first != 0 {
						t.Fatalf("first = %d", first)
					}
					if r := evResidual(t, false, n, a, ld, vr, ld, wr, wi); !(r <= rate) {
						t.Errorf("right residual ratio %.3g", r)
					}
					if r := evResidual(t, true, n, a, ld, vl, ld, wr, wi); !(r <= rate) {
						t.Errorf("left residual ratio %.3g", r)
					}

					// Bounds from the balanced basis.
					bal := slices.Clone(a)
					scale := make([]float64, n)
					ilo, ihi := g.Dgebal(lapack.PermuteScale, n, bal, ld, scale)
					bnorm := frob(n, n, bal, ld)
					bi := blas64.Implementation()
					tol := make([]float64, n)
					for j := 0; j < n; {
						if wi[j] == 0 {
							xb := balancedVectorNorm(n, ilo, ihi, scale, vr, ld, j, false, false)
							yb := balancedVectorNorm(n, ilo, ihi, scale, vl, ld, j, false, true)
							yx := math.Abs(bi.Ddot(n, vl[j:], ld, vr[j:], ld))
							tol[j] = rate * float64(n) * ulp64 * bnorm * xb * yb / yx
							j++
							continue
						}
						xb := balancedVectorNorm(n, ilo, ihi, scale, vr, ld, j, true, false)
						yb := balancedVectorNorm(n, ilo, ihi, scale, vl, ld, j, true, true)
						ac := bi.Ddot(n, vl[j:], ld, vr[j:], ld)
						bd := bi.Ddot(n, vl[j+1:], ld, vr[j+1:], ld)
						ad := bi.Ddot(n, vl[j+1:], ld, vr[j:], ld)
						bc := bi.Ddot(n, vl[j:], ld, vr[j+1:], ld)
						yx := math.Hypot(ac+bd, bc-ad)
						tol[j] = rate * float64(n) * ulp64 * bnorm * xb * yb / yx
						tol[j+1] = tol[j]
						j += 2
					}
					got := make([]complex128, n)
					for j := range got {
						got[j] = complex(wr[j], wi[j])
					}

					// gonum's eigenvalues.
					ag := slices.Clone(a)
					wrg, wig := make([]float64, n), make([]float64, n)
					wg := make([]float64, 1)
					g.Dgeev(lapack.LeftEVNone, lapack.RightEVNone, n, ag, ld, wrg, wig, nil, 1, nil, 1, wg, -1)
					wg = make([]float64, int(wg[0]))
					if first := g.Dgeev(lapack.LeftEVNone, lapack.RightEVNone, n, ag, ld, wrg, wig, nil, 1, nil, 1, wg, len(wg)); first != 0 {
						t.Fatalf("gonum's first = %d", first)
					}
					rg := matchEigenvalues(got, complexSet(wrg, wig), tol)
					if !(rg <= 1) {
						t.Errorf("eigenvalues differ from gonum's by %.3g of the bound", rg)
					}
					if testing.Verbose() {
						t.Logf("eigenvalues vs gonum's: %.3g of the bound", rg)
					}

					// Ours, values only, minimal workspace.
					ae := slices.Clone(a)
					wre, wie := make([]float64, n), make([]float64, n)
					we := make([]float64, max(1, 3*n))
					if first := impl.Dgeev(lapack.LeftEVNone, lapack.RightEVNone, n, ae, ld, wre, wie, nil, 1, nil, 1, we, len(we)); first != 0 {
						t.Fatalf("values only: first = %d", first)
					}
					if r := matchEigenvalues(got, complexSet(wre, wie), tol); !(r <= 1) {
						t.Errorf("values-only eigenvalues differ by %.3g of the bound", r)
					}

					// Right vectors only with the minimal workspace
					// give the same results as with both.
					ar := slices.Clone(a)
					wrr, wir := make([]float64, n), make([]float64, n)
					vr2 := make([]float64, n*ld)
					wr4 := make([]float64, max(1, 4*n))
					if first := impl.Dgeev(lapack.LeftEVNone, lapack.RightEVCompute, n, ar, ld, wrr, wir, nil, 1, vr2, ld, wr4, len(wr4)); first != 0 {
						t.Fatalf("right only: first = %d", first)
					}
					if r := evResidual(t, false, n, a, ld, vr2, ld, wrr, wir); !(r <= rate) {
						t.Errorf("right-only residual ratio %.3g", r)
					}
				})
			}
		}
	}
}

// TestDgeevPanics checks that bad arguments make Dgeev panic with gonum's
// messages, in gonum's order of checks.
func TestDgeevPanics(t *testing.T) {
	type geever interface {
		Dgeev(jobvl lapack.LeftEVJob, jobvr lapack.RightEVJob, n int, a []float64, lda int, wr, wi []float64, vl []float64, ldvl int, vr []float64, ldvr int, work []float64, lwork int) int
	}
	const n = 4
	V, N := lapack.LeftEVCompute, lapack.RightEVCompute
	vn, nn := lapack.LeftEVNone, lapack.RightEVNone
	mk := func(k int) []float64 { return make([]float64, k) }
	for i, c := range []func(impl geever){
		func(impl geever) { impl.Dgeev('X', N, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, 'X', n, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, -1, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n-1, mk(n), mk(n), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(16), n-1, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(vn, N, n, mk(16), n, mk(n), mk(n), nil, 0, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n-1, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, nn, n, mk(16), n, mk(n), mk(n), mk(16), n, nil, 0, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n, mk(100), 4*n-1) },
		func(impl geever) { impl.Dgeev(vn, nn, n, mk(16), n, mk(n), mk(n), nil, 1, nil, 1, mk(100), 3*n-1) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n, mk(99), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(16), n, nil, -1) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(15), n, mk(n), mk(n), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n+1), mk(n), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n-1), mk(16), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(15), n, mk(16), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, n, mk(16), n, mk(n), mk(n), mk(16), n, mk(15), n, mk(100), 100) },
		func(impl geever) { impl.Dgeev(V, N, -1, nil, 1, nil, nil, nil, 1, nil, 1, nil, 0) },
	} {
		want := panicMessage(func() { c(gonum.Implementation{}) })
		got := panicMessage(func() { c(Implementation{}) })
		if want == "" {
			t.Fatalf("case %d: gonum's Dgeev does not panic", i)
		}
		if got != want {
			t.Errorf("case %d: panic %q, gonum's %q", i, got, want)
		}
	}
}

// TestDgeevNonFinite: a NaN or infinite entry makes Dgeev return n (no
// eigenvalue converged) with wr and wi NaN, for every order and both
// paths, and leaves the eigenvector matrices alone. (gonum v0.17.0's Dgeev
// does not return on such input: Dgebal's norm-reduction loop never
// converges on a NaN, and an Inf becomes NaN in the scaling; so it cannot
// be run here for comparison.)
func TestDgeevNonFinite(t *testing.T) {
	impl := Implementation{}
	for _, n := range []int{1, 2, 5, 80, 200} {
		for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			for _, vectors := range []bool{false, true} {
				a := geevMatrix(rand.New(rand.NewPCG(1, uint64(n))), "random", n, n)
				a[(n/2)*n+n/3] = bad
				wr, wi := make([]float64, n), make([]float64, n)
				vr := make([]float64, n*n)
				jobvr := lapack.RightEVNone
				if vectors {
					jobvr = lapack.RightEVCompute
				}
				work := make([]float64, 4*n)
				if first := impl.Dgeev(lapack.LeftEVNone, jobvr, n, a, n, wr, wi, nil, 1, vr, n, work, len(work)); first != n {
					t.Errorf("n=%d, entry %v, vectors %v: first = %d, want %d", n, bad, vectors, first, n)
				}
				for i := 0; i < n; i++ {
					if !math.IsNaN(wr[i]) || !math.IsNaN(wi[i]) {
						t.Fatalf("n=%d, entry %v: eigenvalue %d = %v%+vi, want NaN", n, bad, i, wr[i], wi[i])
					}
				}
				for _, x := range vr {
					if x != 0 {
						t.Fatalf("n=%d, entry %v: vr written", n, bad)
					}
				}
			}
		}
	}
}
