package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

// bidiagKinds are the bidiagonals the Dbdsqr tests draw.
var bidiagKinds = []string{"random", "graded", "clustered", "zeros"}

// randBidiag returns the diagonal (n) and off-diagonal (n−1, at least one
// element long) of a bidiagonal of the given kind.
func randBidiag(rnd *rand.Rand, kind string, n int) (d, e []float64) {
	d = make([]float64, n)
	e = make([]float64, max(1, n-1))
	for i := range d {
		d[i] = rnd.NormFloat64()
	}
	for i := 0; i < n-1; i++ {
		e[i] = rnd.NormFloat64()
	}
	switch kind {
	case "graded":
		// Magnitudes from 1e-300 to 1e300 along the diagonal, randomly
		// increasing or decreasing.
		up := rnd.IntN(2) == 0
		for i := range d {
			t := float64(i) / float64(max(1, n-1))
			if !up {
				t = 1 - t
			}
			d[i] *= math.Pow(10, -300+600*t)
			if i < n-1 {
				e[i] *= math.Pow(10, -300+600*t)
			}
		}
	case "clustered":
		for i := range d {
			d[i] = 1 + 1e-10*d[i]
		}
		for i := 0; i < n-1; i++ {
			e[i] *= 1e-6
		}
	case "zeros":
		for i := range d {
			if rnd.IntN(4) == 0 {
				d[i] = 0
			}
		}
		for i := 0; i < n-1; i++ {
			if rnd.IntN(5) == 0 {
				e[i] = 0
			}
		}
	}
	return d, e
}

// TestDbdsqr runs gonum's Dbdsqr suite on Implementation and checks that
// the singular values are bitwise gonum's (and ok the same) for every
// kind, triangle and combination of vectors, that the vectors reproduce
// B and are orthonormal, and that they agree with gonum's to rounding.
func TestDbdsqr(t *testing.T) {
	impl := Implementation{}
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		} else if testing.Short() {
			continue // -short (race detector, qemu): our BLAS only, fewer sizes
		}
		if !testing.Short() {
			t.Run(backend+"/testlapack", func(t *testing.T) {
				testlapack.DbdsqrTest(t, impl)
			})
		}
		rnd := rand.New(rand.NewPCG(7, 8))
		sizes := []int{}
		for n := 0; n <= 100; n++ {
			if !testing.Short() || n <= 12 || n == 41 || n == 64 || n == 100 {
				sizes = append(sizes, n)
			}
		}
		if !testing.Short() {
			sizes = append(sizes, 300)
		}
		sizes = append(sizes, 301) // deferred flushes split between the workers
		for _, n := range sizes {
			for _, kind := range bidiagKinds {
				for _, uplo := range []blas.Uplo{blas.Upper, blas.Lower} {
					if n >= 300 && kind == "clustered" || testing.Short() && n > 100 && (kind != bidiagKinds[0] || uplo != blas.Upper) {
						continue
					}
					checkDbdsqr(t, rnd, backend, kind, uplo, n)
				}
			}
		}
	}
}

// checkDbdsqr compares Implementation's Dbdsqr with gonum's on one
// bidiagonal for every combination of ncvt, nru and ncc zero or not.
func checkDbdsqr(t *testing.T, rnd *rand.Rand, backend, kind string, uplo blas.Uplo, n int) {
	t.Helper()
	d0, e0 := randBidiag(rnd, kind, n)
	ulp := 0x1p-52
	combos := 8
	if n > 40 && n%7 != 0 {
		combos = 2 // only none and all for most larger sizes
	}
	for combo := 0; combo < 8; combo++ {
		if combos == 2 && combo != 0 && combo != 7 {
			continue
		}
		var ncvt, nru, ncc int
		if combo&1 != 0 {
			ncvt = n
			if n > 3 && rnd.IntN(3) == 0 {
				ncvt = n/2 + 1
			}
		}
		if combo&2 != 0 {
			nru = n
			if n > 3 && rnd.IntN(3) == 0 {
				nru = n + 5
			}
		}
		if combo&4 != 0 {
			ncc = n
		}
		name := fmt.Sprintf("%s %s %v n=%d ncvt=%d nru=%d ncc=%d", backend, kind, uplo, n, ncvt, nru, ncc)
		ldvt, ldu, ldc := max(1, ncvt)+2, max(1, n)+3, max(1, ncc)+1
		// VT and C start as [I; 0] or [I 0] pieces, U as [I; random].
		vt := make([]float64, max(0, (n-1)*ldvt+ncvt))
		u := make([]float64, max(0, (nru-1)*ldu+n))
		c := make([]float64, max(0, (n-1)*ldc+ncc))
		for i := 0; i < n; i++ {
			if i < ncvt {
				vt[i*ldvt+i] = 1
			}
			if i < ncc {
				c[i*ldc+i] = 1
			}
		}
		for i := 0; i < nru; i++ {
			if i < n {
				u[i*ldu+i] = 1
			} else {
				for j := 0; j < n; j++ {
					u[i*ldu+j] = rnd.NormFloat64()
				}
			}
		}
		d, e := append([]float64(nil), d0...), append([]float64(nil), e0...)
		gd, ge := append([]float64(nil), d0...), append([]float64(nil), e0...)
		gvt, gu, gc := append([]float64(nil), vt...), append([]float64(nil), u...), append([]float64(nil), c...)
		work := make([]float64, 4*n)  // Dlasq1 (values only) needs 4n
		gwork := make([]float64, 4*n) // Dlasq1 (values only) needs 4n
		ok := Implementation{}.Dbdsqr(uplo, n, ncvt, nru, ncc, d, e, vt, ldvt, u, ldu, c, ldc, work)
		gok := gonum.Implementation{}.Dbdsqr(uplo, n, ncvt, nru, ncc, gd, ge, gvt, ldvt, gu, ldu, gc, ldc, gwork)
		if ok != gok {
			t.Fatalf("%s: ok = %v, gonum %v", name, ok, gok)
		}
		for i := 0; i < n; i++ {
			if math.Float64bits(d[i]) != math.Float64bits(gd[i]) {
				t.Fatalf("%s: d[%d] = %v, gonum %v", name, i, d[i], gd[i])
			}
		}
		if !ok {
			t.Fatalf("%s: did not converge", name)
		}
		// Vectors against gonum's: the same rotations, rounded differently.
		var smax float64
		for i := 0; i < n; i++ {
			smax = math.Max(smax, math.Abs(d[i]))
		}
		cmp := func(what string, x, y []float64, rows, cols, ld int) {
			var xmax float64
			for i := 0; i < rows; i++ {
				for j := 0; j < cols; j++ {
					xmax = math.Max(xmax, math.Abs(y[i*ld+j]))
				}
			}
			for i := 0; i < rows; i++ {
				for j := 0; j < cols; j++ {
					if diff := math.Abs(x[i*ld+j] - y[i*ld+j]); !(diff <= 4*float64(n+1)*ulp*xmax) {
						t.Fatalf("%s: %s[%d,%d] = %v, gonum %v", name, what, i, j, x[i*ld+j], y[i*ld+j])
					}
				}
				for j := cols; j < ld && i*ld+j < len(x); j++ {
					if x[i*ld+j] != y[i*ld+j] {
						t.Fatalf("%s: %s[%d,%d] outside the matrix changed", name, what, i, j)
					}
				}
			}
		}
		cmp("vt", vt, gvt, n, ncvt, ldvt)
		cmp("u", u, gu, nru, n, ldu)
		cmp("c", c, gc, n, ncc, ldc)
		if ncvt == n && nru >= n && n > 0 {
			// B = U·S·Vᵀ with U the top n rows, and UᵀU = VᵀV = I.
			var bmax float64
			for i := 0; i < n; i++ {
				bmax = math.Max(bmax, math.Abs(d0[i]))
				if i < n-1 {
					bmax = math.Max(bmax, math.Abs(e0[i]))
				}
			}
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					var s float64
					for k := 0; k < n; k++ {
						s += u[i*ldu+k] * d[k] * vt[k*ldvt+j]
					}
					var b float64
					switch {
					case i == j:
						b = d0[i]
					case uplo == blas.Upper && j == i+1, uplo == blas.Lower && i == j+1:
						b = e0[min(i, j)]
					}
					if r := math.Abs(s - b); !(r <= 30*float64(n)*ulp*bmax) {
						t.Fatalf("%s: (U·S·Vᵀ − B)[%d,%d] = %v, bound %v", name, i, j, r, 30*float64(n)*ulp*bmax)
					}
					var uu, vv float64
					for k := 0; k < n; k++ {
						uu += u[k*ldu+i] * u[k*ldu+j]
						vv += vt[i*ldvt+k] * vt[j*ldvt+k]
					}
					if i == j {
						uu--
						vv--
					}
					if math.Abs(uu) > 30*float64(n)*ulp || math.Abs(vv) > 30*float64(n)*ulp {
						t.Fatalf("%s: (UᵀU − I, VVᵀ − I)[%d,%d] = %v, %v", name, i, j, uu, vv)
					}
				}
			}
		}
		if ncc == n && nru >= n && n > 0 {
			// Qᵀ·I and (I·Q)ᵀ get the same rotations in the same order.
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if c[i*ldc+j] != u[j*ldu+i] {
						t.Fatalf("%s: C[%d,%d] = %v ≠ U[%d,%d] = %v", name, i, j, c[i*ldc+j], j, i, u[j*ldu+i])
					}
				}
			}
		}
	}
}

// TestDbdsqrNaN checks that NaN input gives gonum's ok and values. (With
// an infinite diagonal entry gonum's Dbdsqr, and so this one, does not
// return: the iteration count is not advanced.)
func TestDbdsqrNaN(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 3, 10, 40} {
		for _, bad := range []float64{math.NaN()} {
			for pos := 0; pos < 2*n-1; pos++ {
				d0, e0 := randBidiag(rnd, "random", n)
				if pos < n {
					d0[pos] = bad
				} else {
					e0[pos-n] = bad
				}
				run := func(impl interface {
					Dbdsqr(blas.Uplo, int, int, int, int, []float64, []float64, []float64, int, []float64, int, []float64, int, []float64) bool
				}) (bool, []float64) {
					d, e := append([]float64(nil), d0...), append([]float64(nil), e0...)
					vt := make([]float64, n*n)
					u := make([]float64, n*n)
					for i := 0; i < n; i++ {
						vt[i*n+i], u[i*n+i] = 1, 1
					}
					ok := impl.Dbdsqr(blas.Upper, n, n, n, 0, d, e, vt, n, u, n, nil, 1, make([]float64, 4*(n-1)))
					return ok, d
				}
				ok, d := run(Implementation{})
				gok, gd := run(gonum.Implementation{})
				if ok != gok {
					t.Fatalf("n=%d bad=%v at %d: ok = %v, gonum %v", n, bad, pos, ok, gok)
				}
				for i := range d {
					if math.Float64bits(d[i]) != math.Float64bits(gd[i]) && !(math.IsNaN(d[i]) && math.IsNaN(gd[i])) {
						t.Fatalf("n=%d bad=%v at %d: d[%d] = %v, gonum %v", n, bad, pos, i, d[i], gd[i])
					}
				}
			}
		}
	}
}

// TestDbdsqrPanics checks that bad arguments panic with gonum's messages.
func TestDbdsqrPanics(t *testing.T) {
	type args struct {
		uplo                              blas.Uplo
		n, ncvt, nru, ncc                 int
		ld, lu, lc, ldvt, ldu, ldc, lwork int
		d, e                              int
	}
	good := args{blas.Upper, 5, 4, 3, 2, 5 * 4, 3 * 5, 5 * 2, 4, 5, 2, 16, 5, 4}
	cases := []func(a *args){
		func(a *args) {},
		func(a *args) { a.uplo = 'X' },
		func(a *args) { a.n = -1 },
		func(a *args) { a.ncvt = -1 },
		func(a *args) { a.nru = -1 },
		func(a *args) { a.ncc = -1 },
		func(a *args) { a.ldvt = 3 },
		func(a *args) { a.ldu = 4 },
		func(a *args) { a.nru, a.ldu = 0, 0 },
		func(a *args) { a.ldc = 1 },
		func(a *args) { a.ld = 19 },
		func(a *args) { a.lu = 14 },
		func(a *args) { a.lc = 9 },
		func(a *args) { a.d = 4 },
		func(a *args) { a.e = 3 },
		func(a *args) { a.lwork = 15 },
		func(a *args) { a.n, a.d, a.e, a.lwork = 0, 0, 0, 0 },
		func(a *args) { a.ldvt, a.n = 0, 0 },
		func(a *args) { a.uplo, a.n = 'X', -1 },
		func(a *args) { a.n, a.ncvt = -1, -1 },
		func(a *args) { a.ncvt, a.nru, a.ncc = 0, 0, 0 },
	}
	for i, mod := range cases {
		a := good
		mod(&a)
		call := func(impl interface {
			Dbdsqr(blas.Uplo, int, int, int, int, []float64, []float64, []float64, int, []float64, int, []float64, int, []float64) bool
		}) string {
			return panicMessage(func() {
				impl.Dbdsqr(a.uplo, a.n, a.ncvt, a.nru, a.ncc, make([]float64, a.d), make([]float64, a.e),
					make([]float64, a.ld), a.ldvt, make([]float64, a.lu), a.ldu, make([]float64, a.lc), a.ldc, make([]float64, a.lwork))
			})
		}
		if got, want := call(Implementation{}), call(gonum.Implementation{}); got != want {
			t.Errorf("case %d: panic %q, gonum %q", i, got, want)
		}
	}
}
