package eigen

import "math"

// Sym is a reusable symmetric eigensolver that owns its workspace: repeated
// solves of the same order n do not allocate. The zero value is ready to
// use. A Sym must not be used by several goroutines at once.
type Sym[T float32 | float64] struct {
	c       core[T]
	n       int
	ok      bool
	vectors bool
}

// Factorize computes all eigenvalues (ascending) and, if vectors, the
// orthonormal eigenvectors of the symmetric n×n row-major matrix a
// (lda ≥ n; only the lower triangle a[i*lda+j], j ≤ i, is read; a is not
// modified). It returns false on numerical failure (NaN/Inf input,
// non-convergence); it panics on programmer errors (n < 0,
// lda < max(1,n), len(a) < (n-1)*lda+n).
func (e *Sym[T]) Factorize(a []T, n, lda int, vectors bool) (ok bool) {
	checkMatrix(n, lda, len(a), badLda, shortA)
	e.ok = false
	e.n = n
	e.vectors = vectors
	e.c.ensure(n)
	anrm, finite := loadLower(&e.c, a, n, lda)
	if !finite {
		return false
	}
	e.ok = e.c.factor(n, anrm, vectors)
	return e.ok
}

// FactorizeWarm is Factorize with vectors, warm-started from v (n×n
// row-major, ldv ≥ n, column j = a previous eigenvector): it forms
// B = VᵀAV by GEMM, runs cyclic Jacobi sweeps on the nearly diagonal B and
// sets V ← V·W; it falls back to a cold solve when B is not close to
// diagonal (or V is not orthonormal to working accuracy). Same accuracy
// guarantees as Factorize. v is not modified.
func (e *Sym[T]) FactorizeWarm(a []T, n, lda int, v []T, ldv int) (ok bool) {
	checkMatrix(n, lda, len(a), badLda, shortA)
	checkMatrix(n, ldv, len(v), badLdv, shortV)
	e.ok = false
	e.n = n
	e.vectors = true
	e.c.ensure(n)
	e.c.warmUsed = false
	anrm, finite := loadLower(&e.c, a, n, lda)
	if !finite {
		return false
	}
	if n > 1 && e.c.loadWarm(v, ldv, n) {
		switch e.c.warm(n, anrm) {
		case warmOK:
			e.c.warmUsed = true
			e.ok = true
			return true
		case warmFailed:
			return false
		}
		// warmCold: s.a still holds the lower triangle of A.
	}
	e.ok = e.c.factor(n, anrm, true)
	return e.ok
}

// WarmUsed reports whether the last FactorizeWarm succeeded on the warm path
// (Jacobi on VᵀAV) rather than falling back to the cold solve; a caller can
// use it to decide when a warm attempt is worth its cost.
func (e *Sym[T]) WarmUsed() bool { return e.c.warmUsed }

// SetSerial(true) makes the solver run on the calling goroutine only; by
// default it splits its work over up to GOMAXPROCS threads (the kernels'
// workers). A solve that runs beside other parallel work, such as a
// recomputation on a kernels.Background worker, should be serial: the
// parallel solver would compete with that work for the same workers.
// Results are bitwise the same either way. (The kernels' GEMMs called
// from the main loop of the solver still split products of at least 2²³
// multiply-adds.)
func (e *Sym[T]) SetSerial(serial bool) { e.c.serial = serial }

// N returns the order of the last factorized matrix.
func (e *Sym[T]) N() int { return e.n }

// Values stores the eigenvalues in ascending order into dst (allocated if
// nil) and returns it. It panics if there is no successful factorization or
// dst is too short.
func (e *Sym[T]) Values(dst []T) []T {
	if !e.ok {
		panic(noFactorization)
	}
	if dst == nil {
		dst = make([]T, e.n)
	}
	if len(dst) < e.n {
		panic(shortDst)
	}
	for i, x := range e.c.d[:e.n] {
		dst[i] = T(x)
	}
	return dst[:e.n]
}

// VectorsTo stores the eigenvectors into the n×n row-major dst (stride
// ldd ≥ n): column j belongs to Values()[j]. It panics if there is no
// successful factorization with vectors or dst is too short.
func (e *Sym[T]) VectorsTo(dst []T, ldd int) {
	if !e.ok {
		panic(noFactorization)
	}
	if !e.vectors {
		panic(noVectors)
	}
	n := e.n
	checkMatrix(n, ldd, len(dst), badLdd, shortDst)
	for i := 0; i < n; i++ {
		copy(dst[i*ldd:i*ldd+n], e.c.v[i*n:i*n+n])
	}
}

const (
	nLT0            = "eigen: n < 0"
	badLda          = "eigen: bad lda"
	badLdv          = "eigen: bad ldv"
	badLdd          = "eigen: bad ldd"
	shortA          = "eigen: short a"
	shortV          = "eigen: short v"
	shortDst        = "eigen: short dst"
	noFactorization = "eigen: no successful factorization"
	noVectors       = "eigen: vectors not computed"
)

func checkMatrix(n, ld, length int, badLd, short string) {
	if n < 0 {
		panic(nLT0)
	}
	if ld < max(1, n) {
		panic(badLd)
	}
	if n > 0 && length < (n-1)*ld+n {
		panic(short)
	}
}

// loadLower copies the lower triangle of a into c.a (stride n, float64) and
// returns its max-abs norm and whether all entries are finite.
func loadLower[T float32 | float64](c *core[T], a []T, n, lda int) (anrm float64, finite bool) {
	dst := c.a
	for i := 0; i < n; i++ {
		src := a[i*lda : i*lda+i+1]
		row := dst[i*n : i*n+i+1]
		copy(row, src)
		for _, x := range src {
			if af := math.Abs(float64(x)); !(af <= anrm) {
				if !(af < math.Inf(1)) {
					return 0, false
				}
				anrm = af
			}
		}
	}
	return anrm, true
}
