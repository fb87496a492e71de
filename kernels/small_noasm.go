//go:build !amd64 || purego

package kernels

// Without amd64 assembly there are no AVX-512 paths; the AVX-512 entries
// of Implementation's small calls (see small_amd64.go) are never reached,
// and run the path's kernels.

func onAVX512() bool { return false }

func ddotAVX512(x, y []float64) float64     { return cur.dv.dot(x, y) }
func sdotAVX512(x, y []float32) float32     { return cur.sv.dot(x, y) }
func daxpyAVX512(a float64, x, y []float64) { cur.dv.axpy(a, x, y) }
func saxpyAVX512(a float32, x, y []float32) { cur.sv.axpy(a, x, y) }

func dgemvNAVX512(m, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	gemv(false, m, n, alpha, a, lda, x, beta, y)
}

func dgemvTAVX512(m, n int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64) {
	gemv(true, m, n, alpha, a, lda, x, beta, y)
}

func sgemvNAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	gemv(false, m, n, alpha, a, lda, x, beta, y)
}

func sgemvTAVX512(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	gemv(true, m, n, alpha, a, lda, x, beta, y)
}
