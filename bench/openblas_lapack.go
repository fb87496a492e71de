//go:build openblas && cgo

package bench

// LAPACK comparators (apt-get install -y libopenblas-dev liblapacke-dev).

/*
#cgo LDFLAGS: -llapacke -lopenblas
#include <lapacke.h>
*/
import "C"

import "unsafe"

// lapackDsyevd and lapackSsyevd compute all eigenvalues and eigenvectors of
// the n×n row-major symmetric a (lower triangle) in place, into w.
var lapackDsyevd = func(n int, a, w []float64) bool {
	return C.LAPACKE_dsyevd(C.LAPACK_ROW_MAJOR, 'V', 'L', C.lapack_int(n),
		(*C.double)(unsafe.Pointer(&a[0])), C.lapack_int(n), (*C.double)(unsafe.Pointer(&w[0]))) == 0
}

var lapackSsyevd = func(n int, a, w []float32) bool {
	return C.LAPACKE_ssyevd(C.LAPACK_ROW_MAJOR, 'V', 'L', C.lapack_int(n),
		(*C.float)(unsafe.Pointer(&a[0])), C.lapack_int(n), (*C.float)(unsafe.Pointer(&w[0]))) == 0
}
