//go:build openblas && cgo

package bench

// LAPACKE comparators of the gonum mat benchmarks (row-major, n×n, lda = n;
// apt-get install -y libopenblas-dev liblapacke-dev). Each works in place on
// its arguments and reports success.

/*
#cgo LDFLAGS: -llapacke -lopenblas
#include <lapacke.h>
*/
import "C"

import "unsafe"

type lapackeMatOps struct {
	// The condition estimates mat computes beside each factorization:
	// lange and lansy return the norm of the input (max row sum), gecon,
	// pocon and trcon the reciprocal condition number from the factors.
	lange func(n int, a []float64) float64
	lansy func(n int, a []float64) float64
	gecon func(n int, lu []float64, anorm float64) float64
	pocon func(n int, u []float64, anorm float64) float64
	trcon func(n int, r []float64) float64
	getrs func(n, nrhs int, lu []float64, ipiv []int32, b []float64) bool
	potrf func(n int, a []float64) bool
	getrf func(n int, a []float64, ipiv []int32) bool
	geqrf func(n int, a, tau []float64) bool
	gesv  func(n, nrhs int, a []float64, ipiv []int32, b []float64) bool
	getri func(n int, a []float64, ipiv []int32) bool
	gesvd func(n int, a, s, u, vt []float64) bool
	geev  func(n int, a, wr, wi, vr []float64) bool
}

// The comparators pass []int32 pivots: LAPACKE's lapack_int must be 32
// bits (it is unless LAPACK_ILP64 is defined).
var _ [4 - unsafe.Sizeof(C.lapack_int(0))]struct{}

func cd(s []float64) *C.double   { return (*C.double)(unsafe.Pointer(&s[0])) }
func ci(s []int32) *C.lapack_int { return (*C.lapack_int)(unsafe.Pointer(&s[0])) }

var lapackeMat = &lapackeMatOps{
	lange: func(n int, a []float64) float64 {
		return float64(C.LAPACKE_dlange(C.LAPACK_ROW_MAJOR, 'I', C.lapack_int(n), C.lapack_int(n), cd(a), C.lapack_int(n)))
	},
	lansy: func(n int, a []float64) float64 {
		return float64(C.LAPACKE_dlansy(C.LAPACK_ROW_MAJOR, 'I', 'U', C.lapack_int(n), cd(a), C.lapack_int(n)))
	},
	gecon: func(n int, lu []float64, anorm float64) float64 {
		var rcond C.double
		C.LAPACKE_dgecon(C.LAPACK_ROW_MAJOR, 'I', C.lapack_int(n), cd(lu), C.lapack_int(n), C.double(anorm), &rcond)
		return float64(rcond)
	},
	pocon: func(n int, u []float64, anorm float64) float64 {
		var rcond C.double
		C.LAPACKE_dpocon(C.LAPACK_ROW_MAJOR, 'U', C.lapack_int(n), cd(u), C.lapack_int(n), C.double(anorm), &rcond)
		return float64(rcond)
	},
	trcon: func(n int, r []float64) float64 {
		var rcond C.double
		C.LAPACKE_dtrcon(C.LAPACK_ROW_MAJOR, 'I', 'U', 'N', C.lapack_int(n), cd(r), C.lapack_int(n), &rcond)
		return float64(rcond)
	},
	getrs: func(n, nrhs int, lu []float64, ipiv []int32, b []float64) bool {
		return C.LAPACKE_dgetrs(C.LAPACK_ROW_MAJOR, 'N', C.lapack_int(n), C.lapack_int(nrhs), cd(lu), C.lapack_int(n), ci(ipiv), cd(b), C.lapack_int(nrhs)) == 0
	},
	potrf: func(n int, a []float64) bool {
		return C.LAPACKE_dpotrf(C.LAPACK_ROW_MAJOR, 'U', C.lapack_int(n), cd(a), C.lapack_int(n)) == 0
	},
	getrf: func(n int, a []float64, ipiv []int32) bool {
		return C.LAPACKE_dgetrf(C.LAPACK_ROW_MAJOR, C.lapack_int(n), C.lapack_int(n), cd(a), C.lapack_int(n), ci(ipiv)) == 0
	},
	geqrf: func(n int, a, tau []float64) bool {
		return C.LAPACKE_dgeqrf(C.LAPACK_ROW_MAJOR, C.lapack_int(n), C.lapack_int(n), cd(a), C.lapack_int(n), cd(tau)) == 0
	},
	gesv: func(n, nrhs int, a []float64, ipiv []int32, b []float64) bool {
		return C.LAPACKE_dgesv(C.LAPACK_ROW_MAJOR, C.lapack_int(n), C.lapack_int(nrhs), cd(a), C.lapack_int(n), ci(ipiv), cd(b), C.lapack_int(nrhs)) == 0
	},
	getri: func(n int, a []float64, ipiv []int32) bool {
		return C.LAPACKE_dgetri(C.LAPACK_ROW_MAJOR, C.lapack_int(n), cd(a), C.lapack_int(n), ci(ipiv)) == 0
	},
	gesvd: func(n int, a, s, u, vt []float64) bool {
		superb := make([]float64, n)
		return C.LAPACKE_dgesvd(C.LAPACK_ROW_MAJOR, 'S', 'S', C.lapack_int(n), C.lapack_int(n), cd(a), C.lapack_int(n),
			cd(s), cd(u), C.lapack_int(n), cd(vt), C.lapack_int(n), cd(superb)) == 0
	},
	geev: func(n int, a, wr, wi, vr []float64) bool {
		var vl [1]float64
		return C.LAPACKE_dgeev(C.LAPACK_ROW_MAJOR, 'N', 'V', C.lapack_int(n), cd(a), C.lapack_int(n),
			cd(wr), cd(wi), cd(vl[:]), 1, cd(vr), C.lapack_int(n)) == 0
	},
}
