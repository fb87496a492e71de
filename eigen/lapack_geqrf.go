package eigen

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/directpred/directpred/kernels"
)

// geqrfMin is the smallest min(m, n) for which Dgeqrf runs the blocked
// factorization with recursive panels; smaller matrices go to gonum's
// Dgeqrf (unblocked below 128 columns).
const geqrfMin = 64

// geqrfNB is the panel width of Dgeqrf: each trailing update is a rank-nb
// product (gonum's 32 makes the update GEMMs too thin to run at speed).
const geqrfNB = 64

// geqrtLeaf is the widest panel geqrt3 factors column by column.
const geqrtLeaf = 8

// geqrfWork is the workspace length Dgeqrf needs for its blocked path:
// two nb×nb triangular factors T (the current panel's and the next one's)
// and an nb×n product.
func geqrfWork(n int) int { return geqrfNB * (2*geqrfNB + n) }

// Dgeqrf computes the QR factorization A = Q·R of the m×n row-major A in
// place, with gonum's contract and output: R in the upper triangle, the
// Householder vectors of Q = H_0·H_1·…·H_{k−1} below the diagonal (unit
// first element implied) and their scalars in tau, each reflector as
// gonum's Dlarfg makes it. For min(m, n) ≥ 64 and lwork at least the
// length a workspace query (lwork = −1) returns, it factors panels of 64
// columns recursively (Elmroth and Gustavson; LAPACK's dgeqrt3), which also
// forms each panel's triangular factor T, and applies the panel to the
// columns right of it as the block reflector I − V·Tᵀ·Vᵀ: two GEMMs and
// three triangular products of the installed BLAS; with GOMAXPROCS > 1 the
// next panel is factored on a background goroutine while the rest of the
// update runs. Everything else is gonum's Dgeqrf.
func (impl Implementation) Dgeqrf(m, n int, a []float64, lda int, tau, work []float64, lwork int) {
	k := min(m, n)
	if k < geqrfMin || lda < max(1, n) {
		impl.Implementation.Dgeqrf(m, n, a, lda, tau, work, lwork)
		return
	}
	need := geqrfWork(n)
	if lwork == -1 {
		if len(work) < 1 {
			panic("lapack: insufficient length of work")
		}
		work[0] = float64(need)
		return
	}
	if lwork < need || len(work) < lwork || len(a) < (m-1)*lda+n || len(tau) != k {
		impl.Implementation.Dgeqrf(m, n, a, lda, tau, work, lwork)
		return
	}
	bi := blas64.Implementation()
	const nb = geqrfNB
	t, tNext := work[:nb*nb], work[nb*nb:2*nb*nb]
	w := work[2*nb*nb : need]
	// With more than one thread the next panel is factored on a
	// background goroutine (look-ahead) while the rest of the trailing
	// matrix is updated: its columns are updated first, and its
	// factorization, serial and Level 2 at the leaves, overlaps with the
	// update's GEMMs instead of leaving a core idle.
	ahead := runtime.GOMAXPROCS(0) > 1
	var task panelTask
	var wg sync.WaitGroup
	geqrt3(impl, bi, m, min(nb, k), a, lda, t, nb)
	for i := 0; i < k; i += nb {
		ib := min(nb, k-i)
		for j := 0; j < ib; j++ {
			tau[i+j] = t[j*nb+j]
		}
		next := i + ib
		if next >= n {
			break
		}
		v, c := a[i*lda+i:], a[i*lda+next:]
		if next >= k {
			larfbLT(bi, m-i, n-next, ib, v, lda, t, nb, c, lda, w)
			break
		}
		ib2 := min(nb, k-next)
		if !ahead || next+ib2 >= n {
			larfbLT(bi, m-i, n-next, ib, v, lda, t, nb, c, lda, w)
			geqrt3(impl, bi, m-next, ib2, a[next*lda+next:], lda, t, nb)
			continue
		}
		larfbLT(bi, m-i, ib2, ib, v, lda, t, nb, c, lda, w)
		task = panelTask{impl: impl, bi: bi, m: m - next, n: ib2, a: a[next*lda+next:], lda: lda, t: tNext}
		kernels.Background(&task, &wg)
		larfbLT(bi, m-i, n-next-ib2, ib, v, lda, t, nb, a[i*lda+next+ib2:], lda, w)
		wg.Wait()
		t, tNext = tNext, t
	}
	work[0] = float64(need)
}

// panelTask is the look-ahead panel factorization of Dgeqrf.
type panelTask struct {
	impl Implementation
	bi   blas.Float64
	m, n int
	a    []float64
	lda  int
	t    []float64
}

func (p *panelTask) RunBackground() { geqrt3(p.impl, p.bi, p.m, p.n, p.a, p.lda, p.t, geqrfNB) }

// larfbLT applies Hᵀ = I − V·Tᵀ·Vᵀ from the left to the m×n matrix c,
// where V (m×k, unit lower trapezoidal, stored below the diagonal of v)
// and the k×k upper triangular T are a forward, columnwise block
// reflector: LAPACK's dlarfb with side = Left, trans = Trans. w holds at
// least k·n elements.
func larfbLT(bi blas.Float64, m, n, k int, v []float64, ldv int, t []float64, ldt int, c []float64, ldc int, w []float64) {
	// W = V1ᵀ·C1 + V2ᵀ·C2 (k×n, row stride n).
	for i := 0; i < k; i++ {
		copy(w[i*n:i*n+n], c[i*ldc:i*ldc+n])
	}
	bi.Dtrmm(blas.Left, blas.Lower, blas.Trans, blas.Unit, k, n, 1, v, ldv, w, n)
	if m > k {
		bi.Dgemm(blas.Trans, blas.NoTrans, k, n, m-k, 1, v[k*ldv:], ldv, c[k*ldc:], ldc, 1, w, n)
	}
	// W = Tᵀ·W.
	bi.Dtrmm(blas.Left, blas.Upper, blas.Trans, blas.NonUnit, k, n, 1, t, ldt, w, n)
	// C2 −= V2·W, C1 −= V1·W.
	if m > k {
		bi.Dgemm(blas.NoTrans, blas.NoTrans, m-k, n, k, -1, v[k*ldv:], ldv, w, n, 1, c[k*ldc:], ldc)
	}
	bi.Dtrmm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, k, n, 1, v, ldv, w, n)
	for i := 0; i < k; i++ {
		ci := c[i*ldc : i*ldc+n]
		for j, x := range w[i*n : i*n+n] {
			ci[j] -= x
		}
	}
}

// geqrt3 computes the QR factorization of the m×n matrix a (m ≥ n ≥ 1) in
// place as Dgeqr2 does, and the n×n upper triangular factor T of its
// block reflector H_0·…·H_{n−1} = I − V·T·Vᵀ (LAPACK's dgeqrt3: the column
// range is halved, the left half's reflectors are applied to the right half
// as a block, and T's off-diagonal block is T12 = −T11·V1ᵀ·V2·T22). The
// strictly lower triangle of t is not referenced.
func geqrt3(impl Implementation, bi blas.Float64, m, n int, a []float64, lda int, t []float64, ldt int) {
	if n <= geqrtLeaf {
		geqrt2(impl, bi, m, n, a, lda, t, ldt)
		return
	}
	n1 := n / 2
	n2 := n - n1
	geqrt3(impl, bi, m, n1, a, lda, t, ldt)
	// Apply H1ᵀ = I − V1·T11ᵀ·V1ᵀ to A[:, n1:] with W = T[:n1, n1:] as
	// workspace.
	w := t[n1:]
	for i := 0; i < n1; i++ {
		copy(w[i*ldt:i*ldt+n2], a[i*lda+n1:i*lda+n])
	}
	bi.Dtrmm(blas.Left, blas.Lower, blas.Trans, blas.Unit, n1, n2, 1, a, lda, w, ldt)
	bi.Dgemm(blas.Trans, blas.NoTrans, n1, n2, m-n1, 1, a[n1*lda:], lda, a[n1*lda+n1:], lda, 1, w, ldt)
	bi.Dtrmm(blas.Left, blas.Upper, blas.Trans, blas.NonUnit, n1, n2, 1, t, ldt, w, ldt)
	bi.Dgemm(blas.NoTrans, blas.NoTrans, m-n1, n2, n1, -1, a[n1*lda:], lda, w, ldt, 1, a[n1*lda+n1:], lda)
	bi.Dtrmm(blas.Left, blas.Lower, blas.NoTrans, blas.Unit, n1, n2, 1, a, lda, w, ldt)
	for i := 0; i < n1; i++ {
		ai := a[i*lda+n1 : i*lda+n]
		for j, x := range w[i*ldt : i*ldt+n2] {
			ai[j] -= x
		}
	}
	geqrt3(impl, bi, m-n1, n2, a[n1*lda+n1:], lda, t[n1*ldt+n1:], ldt)
	// T12 = V1ᵀ·V2: rows n1…n−1 of V1 against the unit lower triangle V22,
	// then rows n… of both.
	for i := 0; i < n1; i++ {
		for j := 0; j < n2; j++ {
			w[i*ldt+j] = a[(n1+j)*lda+i]
		}
	}
	bi.Dtrmm(blas.Right, blas.Lower, blas.NoTrans, blas.Unit, n1, n2, 1, a[n1*lda+n1:], lda, w, ldt)
	if m > n {
		bi.Dgemm(blas.Trans, blas.NoTrans, n1, n2, m-n, 1, a[n*lda:], lda, a[n*lda+n1:], lda, 1, w, ldt)
	}
	// T12 = −T11·T12·T22.
	bi.Dtrmm(blas.Left, blas.Upper, blas.NoTrans, blas.NonUnit, n1, n2, -1, t, ldt, w, ldt)
	bi.Dtrmm(blas.Right, blas.Upper, blas.NoTrans, blas.NonUnit, n1, n2, 1, t[n1*ldt+n1:], ldt, w, ldt)
}

// geqrt2 is geqrt3's leaf (n ≤ geqrtLeaf): Dgeqr2's column-by-column
// factorization, each reflector made by gonum's Dlarfg and applied to the
// columns right of it with a GEMV and a GER, and T formed column by column
// as LAPACK's dlarft does.
func geqrt2(impl Implementation, bi blas.Float64, m, n int, a []float64, lda int, t []float64, ldt int) {
	var z [geqrtLeaf]float64
	for j := 0; j < n; j++ {
		var beta, tau float64
		if j+1 < m {
			beta, tau = impl.Implementation.Dlarfg(m-j, a[j*lda+j], a[(j+1)*lda+j:], lda)
		} else {
			beta = a[j*lda+j]
		}
		t[j*ldt+j] = tau
		if tau == 0 {
			a[j*lda+j] = beta
			for i := 0; i < j; i++ {
				t[i*ldt+j] = 0
			}
			continue
		}
		v := a[j*lda+j:]
		a[j*lda+j] = 1
		if r := n - j - 1; r > 0 {
			// A[j:, j+1:] −= tau·v·(A[j:, j+1:]ᵀ·v).
			zz := z[:r]
			bi.Dgemv(blas.Trans, m-j, r, 1, a[j*lda+j+1:], lda, v, lda, 0, zz, 1)
			bi.Dger(m-j, r, -tau, v, lda, zz, 1, a[j*lda+j+1:], lda)
		}
		if j > 0 {
			// T[:j, j] = −tau·T[:j, :j]·(V[:, :j]ᵀ·v), where V[j, :j] is
			// row j of a and v's first element is 1.
			zz := z[:j]
			copy(zz, a[j*lda:j*lda+j])
			if j+1 < m {
				bi.Dgemv(blas.Trans, m-j-1, j, -tau, a[(j+1)*lda:], lda, a[(j+1)*lda+j:], lda, -tau, zz, 1)
			} else {
				bi.Dscal(j, -tau, zz, 1)
			}
			bi.Dtrmv(blas.Upper, blas.NoTrans, blas.NonUnit, j, t, ldt, zz, 1)
			for i := 0; i < j; i++ {
				t[i*ldt+j] = zz[i]
			}
		}
		a[j*lda+j] = beta
	}
}
