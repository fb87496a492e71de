package kernels

import (
	"runtime"

	"gonum.org/v1/gonum/blas"
)

// This file holds what the Level 3 routines beyond GEMM and SYRK share: the
// argument checks (one function per routine, in gonum's order, returning a
// code that the package functions turn into a "kernels: …" panic and
// Implementation into gonum's own "blas: …" text), the GEMM calls on which
// the triangular and symmetric routines run, and their scratch buffers.
//
// All of Level 3 runs on one macro-kernel framework, the GEMM driver's
// loops (driver.go, the gemmProblem type): SYRK and SYR2K as its gemmt
// variant, SYMM with a symmetric operand packed from its stored triangle,
// TRMM with a triangular operand packed with zeros, in place; TRSM is
// recursive, its off-diagonal blocks GEMM updates on the same driver and
// only small diagonal blocks on the vector kernels.

// More panic messages (see errors.go for the others).
const (
	badSide = "kernels: bad side"
	badDiag = "kernels: bad diag"
)

// argErr is the outcome of an argument check: argOK (run), argQuick (valid,
// nothing to do) or the first violated rule.
type argErr uint8

const (
	argOK argErr = iota
	argQuick
	errSide
	errUplo
	errTrans
	errDiag
	errM
	errN
	errK
	errLdA
	errLdB
	errLdC
	errShortA
	errShortB
	errShortC
)

// kernelsMsg and blasMsg are the panic texts of each code: this package's
// and gonum's (gonum.org/v1/gonum/blas/gonum), which Implementation uses so
// that it is a drop-in replacement.
var (
	kernelsMsg = [...]string{
		errSide:   badSide,
		errUplo:   badUplo,
		errTrans:  badTranspose,
		errDiag:   badDiag,
		errM:      mLT0,
		errN:      nLT0,
		errK:      kLT0,
		errLdA:    badLdA,
		errLdB:    badLdB,
		errLdC:    badLdC,
		errShortA: shortA,
		errShortB: shortB,
		errShortC: shortC,
	}
	blasMsg = [...]string{
		errSide:   "blas: illegal side",
		errUplo:   "blas: illegal triangle",
		errTrans:  "blas: illegal transpose",
		errDiag:   "blas: illegal diagonal",
		errM:      "blas: m < 0",
		errN:      "blas: n < 0",
		errK:      "blas: k < 0",
		errLdA:    "blas: bad leading dimension of A",
		errLdB:    "blas: bad leading dimension of B",
		errLdC:    "blas: bad leading dimension of C",
		errShortA: "blas: insufficient length of a",
		errShortB: "blas: insufficient length of b",
		errShortC: "blas: insufficient length of c",
	}
)

// mustRun panics with this package's message for e and reports whether
// there is work to do (e == argOK).
func mustRun(e argErr) bool {
	if e > argQuick {
		panic(kernelsMsg[e])
	}
	return e == argOK
}

// mustRunBlas is mustRun with gonum's messages.
func mustRunBlas(e argErr) bool {
	if e > argQuick {
		panic(blasMsg[e])
	}
	return e == argOK
}

func validTrans(t blas.Transpose) bool {
	return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
}

// gemmArgs checks a GEMM call in gonum's order (the same rules as
// checkGemmArgs).
func gemmArgs(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc, la, lb, lc int) argErr {
	switch {
	case !validTrans(tA), !validTrans(tB):
		return errTrans
	case m < 0:
		return errM
	case n < 0:
		return errN
	case k < 0:
		return errK
	}
	ar, ac := m, k
	if isTrans(tA) {
		ar, ac = k, m
	}
	br, bc := k, n
	if isTrans(tB) {
		br, bc = n, k
	}
	switch {
	case lda < max(1, ac):
		return errLdA
	case ldb < max(1, bc):
		return errLdB
	case ldc < max(1, n):
		return errLdC
	case m == 0 || n == 0:
		return argQuick
	case la < (ar-1)*lda+ac:
		return errShortA
	case lb < (br-1)*ldb+bc:
		return errShortB
	case lc < (m-1)*ldc+n:
		return errShortC
	}
	return argOK
}

// syrkArgs checks a SYRK call (lb < 0: no B) or a SYR2K call in gonum's
// order.
func syrkArgs(ul blas.Uplo, tA blas.Transpose, n, k, lda, ldb, ldc, la, lb, lc int) argErr {
	switch {
	case ul != blas.Lower && ul != blas.Upper:
		return errUplo
	case !validTrans(tA):
		return errTrans
	case n < 0:
		return errN
	case k < 0:
		return errK
	}
	row, col := n, k
	if isTrans(tA) {
		row, col = k, n
	}
	switch {
	case lda < max(1, col):
		return errLdA
	case lb >= 0 && ldb < max(1, col):
		return errLdB
	case ldc < max(1, n):
		return errLdC
	case n == 0:
		return argQuick
	case la < lda*(row-1)+col:
		return errShortA
	case lb >= 0 && lb < ldb*(row-1)+col:
		return errShortB
	case lc < ldc*(n-1)+n:
		return errShortC
	}
	return argOK
}

// triArgs checks a TRSM or TRMM call in gonum's order.
func triArgs(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n, lda, ldb, la, lb int) argErr {
	switch {
	case s != blas.Left && s != blas.Right:
		return errSide
	case ul != blas.Lower && ul != blas.Upper:
		return errUplo
	case !validTrans(tA):
		return errTrans
	case d != blas.NonUnit && d != blas.Unit:
		return errDiag
	case m < 0:
		return errM
	case n < 0:
		return errN
	}
	k := n
	if s == blas.Left {
		k = m
	}
	switch {
	case lda < max(1, k):
		return errLdA
	case ldb < max(1, n):
		return errLdB
	case m == 0 || n == 0:
		return argQuick
	case la < lda*(k-1)+k:
		return errShortA
	case lb < ldb*(m-1)+n:
		return errShortB
	}
	return argOK
}

// symmArgs checks a SYMM call in gonum's order.
func symmArgs(s blas.Side, ul blas.Uplo, m, n, lda, ldb, ldc, la, lb, lc int) argErr {
	switch {
	case s != blas.Left && s != blas.Right:
		return errSide
	case ul != blas.Lower && ul != blas.Upper:
		return errUplo
	case m < 0:
		return errM
	case n < 0:
		return errN
	}
	k := n
	if s == blas.Left {
		k = m
	}
	switch {
	case lda < max(1, k):
		return errLdA
	case ldb < max(1, n):
		return errLdB
	case ldc < max(1, n):
		return errLdC
	case m == 0 || n == 0:
		return argQuick
	case la < lda*(k-1)+k:
		return errShortA
	case lb < ldb*(m-1)+n:
		return errShortB
	case lc < ldc*(m-1)+n:
		return errShortC
	}
	return argOK
}

// gemmOn computes C = alpha·op(A)·B + beta·C (B untransposed) for valid
// arguments with m, n, k > 0: on the worker w alone when w is set (inside
// a chunk of a parallel call), otherwise split between all workers.
func gemmOn[T float](g *gemmImpl[T], w *worker, aTrans bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	p := gemmProblem[T]{aTrans: aTrans, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	if w != nil {
		p.block(g, workspaceOf[T](w), 0, m, 0, n)
		return
	}
	p.run(g)
}

// scratch is a reusable buffer of the Level 3 routines (the transposed
// chunks of a right-side TRSM).
type scratch[T float] struct{ buf []T }

// get returns the buffer with at least n elements (contents undefined).
func (s *scratch[T]) get(n int) []T {
	if len(s.buf) < n {
		s.buf = alignedSlice[T](n)
	}
	return s.buf[:n]
}

var (
	idleScratchS freeList[scratch[float32]]
	idleScratchD freeList[scratch[float64]]
)

func idleScratch[T float]() *freeList[scratch[T]] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&idleScratchS).(*freeList[scratch[T]])
	}
	return any(&idleScratchD).(*freeList[scratch[T]])
}

func getScratch[T float]() *scratch[T]  { return idleScratch[T]().get() }
func putScratch[T float](s *scratch[T]) { idleScratch[T]().put(s) }

// transposeTo sets dst[j·ldd + i] = src[i·lds + j] for i < rows, j < cols,
// with g's transposing packs where it has them.
func transposeTo[T float](g *gemmImpl[T], dst []T, ldd int, src []T, lds, rows, cols int) {
	if rows == 0 || cols == 0 {
		return
	}
	pack8, pack4 := g.pack8, g.pack4
	i := 0
	if pack8 != nil && ldd >= 8 {
		for ; i+8 <= rows; i += 8 {
			pack8(dst[i:], ldd, src[i*lds:], lds, cols)
		}
	}
	if pack4 != nil && ldd >= 4 {
		for ; i+4 <= rows; i += 4 {
			pack4(dst[i:], ldd, src[i*lds:], lds, cols)
		}
	}
	for ; i < rows; i++ {
		row := src[i*lds:][:cols]
		for j, v := range row {
			dst[j*ldd+i] = v
		}
	}
}

// parallelChunks reports whether nchunks independent chunks with macs
// multiply-adds in all should be run on the workers (each chunk on one
// worker, its GEMMs unsplit) rather than one after another with every
// GEMM split between the workers.
func parallelChunks(nchunks int, macs float64) bool {
	return nchunks >= 2 && runtime.GOMAXPROCS(0) > 1 && macs >= 2*float64(parMinMACs)
}
