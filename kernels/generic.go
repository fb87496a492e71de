package kernels

// genericISA is the portable path: always available, and the oracle the
// assembly paths are tested against.
var genericISA = isa{
	name:      "generic",
	available: true,
	s:         gemmImpl[float32]{mr: 4, nr: 8, kc: 256, mc: 64, nc: 2048, partial: true, kernel: gemmMicroGeneric4[float32]},
	d:         gemmImpl[float64]{mr: 4, nr: 8, kc: 256, mc: 64, nc: 2048, partial: true, kernel: gemmMicroGeneric4[float64]},
}

func gemmMicroGeneric4[T float](k int, alpha T, a, b []T, rsb int, beta T, c []T, ldc, m, n int) {
	gemmMicroRef(4, k, alpha, a, b, rsb, beta, c, ldc, m, n)
}

// gemmMicroRef is the Go twin of every GEMM micro-kernel, for an MR-packed A
// panel. For i < m ≤ mr and j < n:
//
//	s := Σ_{p<k} a[p*mr+i] * b[p*rsb+j]   // summed in order p = 0, 1, …
//	c[i*ldc+j] = alpha*s + beta*c[i*ldc+j] // c is not read when beta == 0
//
// It reads a[p*mr+i] only for i < m and b[p*rsb+j] only for j < n. The
// assembly kernels compute the same sums (with fused multiply-adds), so
// results agree to the inner-product error bound, not bitwise.
func gemmMicroRef[T float](mr, k int, alpha T, a, b []T, rsb int, beta T, c []T, ldc, m, n int) {
	var acc [16]T // one row of at most 16 columns at a time
	for j0 := 0; j0 < n; j0 += len(acc) {
		nj := min(len(acc), n-j0)
		for i := 0; i < m; i++ {
			s := acc[:nj]
			clear(s)
			for p := 0; p < k; p++ {
				ap := a[p*mr+i]
				brow := b[p*rsb+j0 : p*rsb+j0+nj]
				for j, bv := range brow {
					s[j] += ap * bv
				}
			}
			crow := c[i*ldc+j0 : i*ldc+j0+nj]
			if beta == 0 {
				for j := range crow {
					crow[j] = alpha * s[j]
				}
			} else {
				for j := range crow {
					crow[j] = alpha*s[j] + beta*crow[j]
				}
			}
		}
	}
}
