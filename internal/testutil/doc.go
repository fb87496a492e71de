// Package testutil holds test helpers shared by the packages of this module:
// guard-page allocation that turns any out-of-bounds access by assembly into a
// crash, a float64 reference GEMM, and the inner-product error bound used to
// compare results. It is imported only by _test.go files.
package testutil
