package bench

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	lapackgonum "gonum.org/v1/gonum/lapack/gonum"

	"github.com/directpred/directpred/eigen"
	"github.com/directpred/directpred/kernels"
)

// BenchmarkMat times what a gonum user runs — mat's Mul, Cholesky, LU, QR,
// Solve (n right-hand sides), Inverse, thin SVD, EigenSym and the
// non-symmetric Eigen (right eigenvectors) — with gonum's native BLAS and
// LAPACK ("gonum"), with our backend installed ("directpred":
// blas64.Use(kernels.Implementation{}), blas32.Use(…),
// lapack64.Use(eigen.Implementation{})), and the same LAPACK routines in
// OpenBLAS/LAPACKE ("lapacke", -tags openblas). The LAPACKE side calls
// the routines mat calls, condition estimates included: Mul dgemm;
// Cholesky dlansy+dpotrf+dpocon; LU dlange+dgetrf+dgecon; QR
// dgeqrf+dtrcon; Solve dlange+dgetrf+dgecon+dgetrs; Inverse
// dlange+dgetrf+dgecon+dgetri; SVD dgesvd; EigenSym dsyevd; Eigen dgeev.
// Each iteration includes copying the input, for every backend.
//
//	GOMAXPROCS=1 OPENBLAS_NUM_THREADS=1 go test -tags openblas -run XXX -bench 'Mat/.*/n=(250|500|1000)/' -benchtime 3x -count 6 ./bench/
//	GOMAXPROCS=2 OPENBLAS_NUM_THREADS=2 go test -tags openblas -run XXX -bench 'Mat/.*/n=(250|500|1000)/(directpred|lapacke)' -benchtime 3x -count 6 ./bench/
func BenchmarkMat(b *testing.B) {
	backends := []string{"gonum", "directpred"}
	if lapackeMat != nil {
		backends = append(backends, "lapacke")
	}
	for _, n := range []int{250, 500, 1000, 2000} {
		a := mat.NewDense(n, n, randFloats(n*n))
		bm := mat.NewDense(n, n, randFloats(n*n))
		// A symmetric positive definite matrix: G·Gᵀ + n·I (set up with
		// our SYRK: gonum's takes seconds at n = 2000).
		g := a.RawMatrix().Data
		spdData := make([]float64, n*n)
		kernels.Dsyrk(blas.Upper, blas.NoTrans, n, n, 1, g, n, 0, spdData, n)
		for i := 0; i < n; i++ {
			spdData[i*n+i] += float64(n)
		}
		spd := mat.NewSymDense(n, spdData)
		sym := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				sym.SetSym(i, j, a.At(i, j))
			}
		}
		raw := func(m mat.Matrix) []float64 {
			d := mat.DenseCopyOf(m)
			return d.RawMatrix().Data
		}
		aRaw, bRaw, spdRaw, symRaw := raw(a), raw(bm), raw(spd), raw(sym)
		work, work2 := make([]float64, n*n), make([]float64, n*n)
		u, vt := make([]float64, n*n), make([]float64, n*n)
		s1, s2, s3 := make([]float64, n), make([]float64, n), make([]float64, n)
		ipiv := make([]int32, n)
		var c, x mat.Dense
		ops := []struct {
			name    string
			native  func()
			lapacke func() bool
		}{
			{"Mul", func() { c.Mul(a, bm) }, func() bool {
				openblasDgemm('N', 'N', n, n, n, 1, aRaw, n, bRaw, n, 0, work, n)
				return true
			}},
			{"Cholesky", func() {
				var ch mat.Cholesky
				if !ch.Factorize(spd) {
					b.Fatal("Cholesky failed")
				}
			}, func() bool {
				copy(work, spdRaw)
				anorm := lapackeMat.lansy(n, work)
				ok := lapackeMat.potrf(n, work)
				lapackeMat.pocon(n, work, anorm)
				return ok
			}},
			{"LU", func() {
				var lu mat.LU
				lu.Factorize(a)
			}, func() bool {
				copy(work, aRaw)
				anorm := lapackeMat.lange(n, work)
				ok := lapackeMat.getrf(n, work, ipiv)
				lapackeMat.gecon(n, work, anorm)
				return ok
			}},
			{"QR", func() {
				var qr mat.QR
				qr.Factorize(a)
			}, func() bool {
				copy(work, aRaw)
				ok := lapackeMat.geqrf(n, work, s1)
				lapackeMat.trcon(n, work)
				return ok
			}},
			{"Solve", func() {
				if err := x.Solve(a, bm); err != nil {
					b.Fatal(err)
				}
			}, func() bool {
				copy(work, aRaw)
				copy(work2, bRaw)
				anorm := lapackeMat.lange(n, work)
				ok := lapackeMat.getrf(n, work, ipiv)
				lapackeMat.gecon(n, work, anorm)
				return ok && lapackeMat.getrs(n, n, work, ipiv, work2)
			}},
			{"Inverse", func() {
				if err := x.Inverse(a); err != nil {
					b.Fatal(err)
				}
			}, func() bool {
				copy(work, aRaw)
				anorm := lapackeMat.lange(n, work)
				ok := lapackeMat.getrf(n, work, ipiv)
				lapackeMat.gecon(n, work, anorm)
				return ok && lapackeMat.getri(n, work, ipiv)
			}},
			{"SVD", func() {
				var svd mat.SVD
				if !svd.Factorize(a, mat.SVDThin) {
					b.Fatal("SVD failed")
				}
			}, func() bool { copy(work, aRaw); return lapackeMat.gesvd(n, work, s1, u, vt) }},
			{"EigenSym", func() {
				var es mat.EigenSym
				if !es.Factorize(sym, true) {
					b.Fatal("EigenSym failed")
				}
			}, func() bool { copy(work, symRaw); return lapackDsyevd(n, work, s1) }},
			{"Eigen", func() {
				var e mat.Eigen
				if !e.Factorize(a, mat.EigenRight) {
					b.Fatal("Eigen failed")
				}
			}, func() bool { copy(work, aRaw); return lapackeMat.geev(n, work, s2, s3, u) }},
		}
		for _, op := range ops {
			for _, be := range backends {
				b.Run(fmt.Sprintf("%s/n=%d/%s", op.name, n, be), func(b *testing.B) {
					switch be {
					case "lapacke":
						for b.Loop() {
							if !op.lapacke() {
								b.Fatal("LAPACKE failed")
							}
						}
						return
					case "directpred":
						blas64.Use(kernels.Implementation{})
						blas32.Use(kernels.Implementation{})
						lapack64.Use(eigen.Implementation{})
						defer func() {
							blas64.Use(gonum.Implementation{})
							blas32.Use(gonum.Implementation{})
							lapack64.Use(lapackgonum.Implementation{})
						}()
					}
					for b.Loop() {
						op.native()
					}
				})
			}
		}
	}
}
