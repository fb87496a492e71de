// Package bench holds the benchmarks of this module's public API, each beside
// gonum's native implementation in the same run (and, with the build tag
// openblas and cgo, OpenBLAS/LAPACK). It contains no code besides tests.
//
// Run one precision at a time on a quiet machine, for example
//
//	GOMAXPROCS=1 go test -run XXX -bench 'Gemm' -count 6 ./bench/ | tee new.txt
//	benchstat new.txt
//
// GEMM benchmarks report GFLOP/s (2·m·n·k per call) as a custom metric.
package bench
