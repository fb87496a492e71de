package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

type dgesvder interface {
	Dgesvd(jobU, jobVT lapack.SVDJob, m, n int, a []float64, lda int, s, u []float64, ldu int, vt []float64, ldvt int, work []float64, lwork int) bool
}

var svdJobs = []lapack.SVDJob{lapack.SVDAll, lapack.SVDStore, lapack.SVDNone}

// TestDgesvd runs gonum's Dgesvd suite on Implementation (with gonum's own
// tolerance) and checks every job pair on tall, very tall, wide, very wide,
// empty and single row or column matrices with padded leading dimensions:
// singular values against gonum's Dgesvd to n·u·σ_max, A = U·Σ·Vᵀ to a
// backward-error bound, U and V orthonormal, the workspace query equal to
// gonum's and ok true.
func TestDgesvd(t *testing.T) {
	impl := Implementation{}
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		if testing.Short() && backend == "gonum" {
			continue // -short (race detector, qemu): our BLAS only, fewer sizes
		}
		if !testing.Short() {
			t.Run(backend+"/testlapack", func(t *testing.T) {
				testlapack.DgesvdTest(t, impl, 1e-13)
			})
		}
		rnd := rand.New(rand.NewPCG(11, 12))
		sizes := [][2]int{
			{0, 0}, {0, 3}, {3, 0}, {1, 1}, {1, 7}, {7, 1}, {2, 2}, {5, 3}, {3, 5},
			{30, 20}, {20, 30}, {50, 10}, {10, 50}, {40, 25}, {25, 40},
		}
		if !testing.Short() {
			sizes = append(sizes, [][2]int{{100, 100}, {150, 90}, {90, 150}, {300, 40}, {40, 300}, {200, 200}, {300, 130}}...)
		}
		for _, sz := range sizes {
			for _, ju := range svdJobs {
				for _, jv := range svdJobs {
					checkDgesvd(t, rnd, backend, ju, jv, sz[0], sz[1], 1)
				}
			}
		}
		// Scaling: tiny and huge entries.
		for _, f := range []float64{1e-300, 1e300} {
			checkDgesvd(t, rnd, backend, lapack.SVDStore, lapack.SVDStore, 40, 30, f)
			checkDgesvd(t, rnd, backend, lapack.SVDAll, lapack.SVDAll, 30, 70, f)
		}
	}
}

func checkDgesvd(t *testing.T, rnd *rand.Rand, backend string, jobU, jobVT lapack.SVDJob, m, n int, scale float64) {
	t.Helper()
	name := fmt.Sprintf("%s %c%c %dx%d scale %g", backend, jobU, jobVT, m, n, scale)
	minmn := min(m, n)
	lda := n + 3
	a0 := make([]float64, max(0, (m-1)*lda+n))
	for i := range a0 {
		a0[i] = rnd.NormFloat64() * scale
	}
	if m > 4 && n > 4 {
		// Make it rank deficient by 2: rows 0 and 1 repeat row 2.
		copy(a0[0:n], a0[2*lda:2*lda+n])
		copy(a0[lda:lda+n], a0[2*lda:2*lda+n])
	}
	ucols, vtrows := 0, 0
	switch jobU {
	case lapack.SVDAll:
		ucols = m
	case lapack.SVDStore:
		ucols = minmn
	}
	switch jobVT {
	case lapack.SVDAll:
		vtrows = n
	case lapack.SVDStore:
		vtrows = minmn
	}
	ldu, ldvt := max(1, ucols)+2, max(1, n)+1
	run := func(impl dgesvder) (ok bool, s, u, vt, work []float64, a []float64) {
		a = append([]float64(nil), a0...)
		s = make([]float64, minmn)
		u = make([]float64, max(0, (m-1)*ldu+ucols))
		vt = make([]float64, max(0, (vtrows-1)*ldvt+n))
		for i := range u {
			u[i] = math.NaN() // every referenced element is written
		}
		for i := range vt {
			vt[i] = math.NaN()
		}
		work = make([]float64, 1)
		impl.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, -1)
		lwork := int(work[0])
		work = make([]float64, lwork)
		ok = impl.Dgesvd(jobU, jobVT, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork)
		return ok, s, u, vt, work, a
	}
	ok, s, u, vt, work, _ := run(Implementation{})
	var gok bool
	var gs, gwork []float64
	if msg := panicMessage(func() { gok, gs, _, _, gwork, _ = run(gonum.Implementation{}) }); msg != "" {
		// gonum's Dgesvd slices its workspace out of range for some tiny
		// problems (1×1 with jobU = SVDNone); the singular value is
		// then |a|, and the query's value is not compared.
		if m != 1 || n != 1 {
			t.Fatalf("%s: gonum panics: %s", name, msg)
		}
		gok, gs, gwork = true, []float64{math.Abs(a0[0])}, []float64{work[0]}
	}
	if ok != gok || !ok {
		t.Fatalf("%s: ok = %v, gonum %v", name, ok, gok)
	}
	if work[0] != gwork[0] {
		t.Fatalf("%s: work[0] = %v, gonum %v", name, work[0], gwork[0])
	}
	const ulp = 0x1p-52
	var smax float64
	for _, x := range gs {
		smax = math.Max(smax, x)
	}
	for i := range s {
		if i > 0 && s[i] > s[i-1] {
			t.Fatalf("%s: s not decreasing at %d", name, i)
		}
		if !(math.Abs(s[i]-gs[i]) <= 4*float64(max(m, n))*ulp*smax) {
			t.Fatalf("%s: s[%d] = %v, gonum %v", name, i, s[i], gs[i])
		}
	}
	// Padding of U and Vᵀ past the matrix is not written.
	for i := 0; i < m; i++ {
		for j := ucols; j < ldu && i*ldu+j < len(u); j++ {
			if !math.IsNaN(u[i*ldu+j]) {
				t.Fatalf("%s: u[%d,%d] past the matrix written", name, i, j)
			}
		}
	}
	for i := 0; i < vtrows; i++ {
		for j := n; j < ldvt && i*ldvt+j < len(vt); j++ {
			if !math.IsNaN(vt[i*ldvt+j]) {
				t.Fatalf("%s: vt[%d,%d] past the matrix written", name, i, j)
			}
		}
	}
	if minmn == 0 {
		return // quick return: U and Vᵀ are not formed
	}
	tol := 30 * float64(max(m, n)) * ulp
	// Orthonormal columns of U and rows of Vᵀ.
	for i := 0; i < ucols; i++ {
		for j := 0; j < ucols; j++ {
			var d float64
			for k := 0; k < m; k++ {
				d += u[k*ldu+i] * u[k*ldu+j]
			}
			if i == j {
				d--
			}
			if !(math.Abs(d) <= tol) {
				t.Fatalf("%s: (UᵀU − I)[%d,%d] = %v", name, i, j, d)
			}
		}
	}
	for i := 0; i < vtrows; i++ {
		for j := 0; j < vtrows; j++ {
			var d float64
			for k := 0; k < n; k++ {
				d += vt[i*ldvt+k] * vt[j*ldvt+k]
			}
			if i == j {
				d--
			}
			if !(math.Abs(d) <= tol) {
				t.Fatalf("%s: (VᵀV − I)[%d,%d] = %v", name, i, j, d)
			}
		}
	}
	if ucols >= minmn && vtrows >= minmn {
		// A = U·Σ·Vᵀ with the first min(m, n) columns and rows.
		var amax float64
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				amax = math.Max(amax, math.Abs(a0[i*lda+j]))
			}
		}
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var x float64
				for k := 0; k < minmn; k++ {
					x += u[i*ldu+k] * s[k] * vt[k*ldvt+j]
				}
				if !(math.Abs(x-a0[i*lda+j]) <= tol*float64(minmn)*amax) {
					t.Fatalf("%s: (U·Σ·Vᵀ − A)[%d,%d] = %v", name, i, j, x-a0[i*lda+j])
				}
			}
		}
	}
}

// TestDgesvdOverwrite checks that SVDOverwrite goes to gonum's Dgesvd
// (which panics: it does not implement it).
func TestDgesvdOverwrite(t *testing.T) {
	for _, jobs := range [][2]lapack.SVDJob{
		{lapack.SVDOverwrite, lapack.SVDNone}, {lapack.SVDAll, lapack.SVDOverwrite},
		{lapack.SVDOverwrite, lapack.SVDOverwrite}, {'X', lapack.SVDOverwrite},
	} {
		call := func(impl dgesvder) string {
			return panicMessage(func() {
				a := make([]float64, 12)
				impl.Dgesvd(jobs[0], jobs[1], 4, 3, a, 3, make([]float64, 3), make([]float64, 16), 4, make([]float64, 9), 3, make([]float64, 100), 100)
			})
		}
		got, want := call(Implementation{}), call(gonum.Implementation{})
		if got != want || got == "" {
			t.Errorf("jobs %c%c: panic %q, gonum %q", jobs[0], jobs[1], got, want)
		}
	}
}

// TestDgesvdPanics checks that bad arguments panic with gonum's messages.
func TestDgesvdPanics(t *testing.T) {
	type args struct {
		jobU, jobVT                 lapack.SVDJob
		m, n, lda, ldu, ldvt, lwork int
		la, ls, lu, lvt, lw         int
	}
	good := args{lapack.SVDAll, lapack.SVDAll, 4, 3, 3, 4, 3, 15, 12, 3, 16, 9, 15}
	cases := []func(a *args){
		func(a *args) {},
		func(a *args) { a.jobU = 'X' },
		func(a *args) { a.jobVT = 'X' },
		func(a *args) { a.jobU, a.jobVT = 'X', 'Y' },
		func(a *args) { a.m = -1 },
		func(a *args) { a.n = -1 },
		func(a *args) { a.lda = 2 },
		func(a *args) { a.ldu = 3 },
		func(a *args) { a.jobU, a.ldu = lapack.SVDStore, 2 },
		func(a *args) { a.jobU, a.ldu = lapack.SVDStore, 3 },
		func(a *args) { a.jobU, a.ldu = lapack.SVDNone, 0 },
		func(a *args) { a.ldvt = 2 },
		func(a *args) { a.jobVT, a.ldvt = lapack.SVDNone, 0 },
		func(a *args) { a.lwork = 14 },
		func(a *args) { a.lwork, a.lw = -1, 0 },
		func(a *args) { a.lwork = -1 },
		func(a *args) { a.lw = 14 },
		func(a *args) { a.la = 11 },
		func(a *args) { a.ls = 2 },
		func(a *args) { a.lu = 15 },
		func(a *args) { a.jobU, a.ldu, a.lu = lapack.SVDStore, 3, 11 },
		func(a *args) { a.lvt = 8 },
		func(a *args) { a.jobVT, a.lvt = lapack.SVDStore, 8 },
		func(a *args) { a.m, a.n, a.lda = 3, 4, 4; a.jobVT, a.ldvt, a.lvt = lapack.SVDStore, 4, 11 },
		func(a *args) { a.m, a.la = 0, 0 },
		func(a *args) { a.m, a.la, a.lwork, a.lw = 0, 0, 0, 0 },
		func(a *args) { a.m, a.n, a.lda = 0, -1, 1 },
	}
	for i, mod := range cases {
		a := good
		mod(&a)
		call := func(impl dgesvder) string {
			return panicMessage(func() {
				impl.Dgesvd(a.jobU, a.jobVT, a.m, a.n, make([]float64, a.la), a.lda, make([]float64, a.ls),
					make([]float64, a.lu), a.ldu, make([]float64, a.lvt), a.ldvt, make([]float64, a.lw), a.lwork)
			})
		}
		if got, want := call(Implementation{}), call(gonum.Implementation{}); got != want {
			t.Errorf("case %d: panic %q, gonum %q", i, got, want)
		}
	}
}

// TestDgesvdNaN checks that NaN input gives gonum's ok (and no hang or
// crash) on every path.
func TestDgesvdNaN(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{6, 4}, {4, 6}, {20, 5}, {5, 20}, {70, 70}} {
		m, n := sz[0], sz[1]
		for _, pos := range []int{0, m*n/2 + 1, m*n - 1} {
			a0 := make([]float64, m*n)
			for i := range a0 {
				a0[i] = rnd.NormFloat64()
			}
			a0[pos] = math.NaN()
			run := func(impl dgesvder) bool {
				a := append([]float64(nil), a0...)
				work := make([]float64, 1)
				mn := min(m, n)
				impl.Dgesvd(lapack.SVDStore, lapack.SVDStore, m, n, a, n, nil, nil, mn, nil, n, work, -1)
				work = make([]float64, int(work[0]))
				return impl.Dgesvd(lapack.SVDStore, lapack.SVDStore, m, n, a, n, make([]float64, mn), make([]float64, m*mn), mn, make([]float64, mn*n), n, work, len(work))
			}
			if ok, gok := run(Implementation{}), run(gonum.Implementation{}); ok != gok {
				t.Errorf("%dx%d NaN at %d: ok = %v, gonum %v", m, n, pos, ok, gok)
			}
		}
	}
}
