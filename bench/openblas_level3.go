//go:build openblas && cgo

package bench

/*
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import (
	"unsafe"

	"gonum.org/v1/gonum/blas"
)

// openblasL3 calls OpenBLAS's CBLAS (row-major) Level 3 routines.
type openblasL3 struct{}

var openblasLevel3 level3 = openblasL3{}

func cSide(s blas.Side) C.enum_CBLAS_SIDE {
	if s == blas.Left {
		return C.CblasLeft
	}
	return C.CblasRight
}

func cUplo(ul blas.Uplo) C.enum_CBLAS_UPLO {
	if ul == blas.Upper {
		return C.CblasUpper
	}
	return C.CblasLower
}

func cTrans(t blas.Transpose) C.enum_CBLAS_TRANSPOSE {
	if t == blas.NoTrans {
		return C.CblasNoTrans
	}
	return C.CblasTrans
}

func cDiag(d blas.Diag) C.enum_CBLAS_DIAG {
	if d == blas.Unit {
		return C.CblasUnit
	}
	return C.CblasNonUnit
}

func fp(s []float32) *C.float  { return (*C.float)(unsafe.Pointer(&s[0])) }
func dp(s []float64) *C.double { return (*C.double)(unsafe.Pointer(&s[0])) }

func (openblasL3) Strsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	C.cblas_strsm(C.CblasRowMajor, cSide(s), cUplo(ul), cTrans(tA), cDiag(d), C.blasint(m), C.blasint(n), C.float(alpha), fp(a), C.blasint(lda), fp(b), C.blasint(ldb))
}

func (openblasL3) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	C.cblas_dtrsm(C.CblasRowMajor, cSide(s), cUplo(ul), cTrans(tA), cDiag(d), C.blasint(m), C.blasint(n), C.double(alpha), dp(a), C.blasint(lda), dp(b), C.blasint(ldb))
}

func (openblasL3) Strmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int) {
	C.cblas_strmm(C.CblasRowMajor, cSide(s), cUplo(ul), cTrans(tA), cDiag(d), C.blasint(m), C.blasint(n), C.float(alpha), fp(a), C.blasint(lda), fp(b), C.blasint(ldb))
}

func (openblasL3) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	C.cblas_dtrmm(C.CblasRowMajor, cSide(s), cUplo(ul), cTrans(tA), cDiag(d), C.blasint(m), C.blasint(n), C.double(alpha), dp(a), C.blasint(lda), dp(b), C.blasint(ldb))
}

func (openblasL3) Ssymm(s blas.Side, ul blas.Uplo, m, n int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.cblas_ssymm(C.CblasRowMajor, cSide(s), cUplo(ul), C.blasint(m), C.blasint(n), C.float(alpha), fp(a), C.blasint(lda), fp(b), C.blasint(ldb), C.float(beta), fp(c), C.blasint(ldc))
}

func (openblasL3) Dsymm(s blas.Side, ul blas.Uplo, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	C.cblas_dsymm(C.CblasRowMajor, cSide(s), cUplo(ul), C.blasint(m), C.blasint(n), C.double(alpha), dp(a), C.blasint(lda), dp(b), C.blasint(ldb), C.double(beta), dp(c), C.blasint(ldc))
}

func (openblasL3) Ssyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.cblas_ssyr2k(C.CblasRowMajor, cUplo(ul), cTrans(tA), C.blasint(n), C.blasint(k), C.float(alpha), fp(a), C.blasint(lda), fp(b), C.blasint(ldb), C.float(beta), fp(c), C.blasint(ldc))
}

func (openblasL3) Dsyr2k(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	C.cblas_dsyr2k(C.CblasRowMajor, cUplo(ul), cTrans(tA), C.blasint(n), C.blasint(k), C.double(alpha), dp(a), C.blasint(lda), dp(b), C.blasint(ldb), C.double(beta), dp(c), C.blasint(ldc))
}
