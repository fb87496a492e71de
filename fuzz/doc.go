// Package fuzz holds the module's go test -fuzz targets: each checks a public
// API against a plain reference on inputs decoded from the fuzzer's bytes
// (shapes, transposes, strides, scalars and special values: ±0, subnormals,
// ±Inf, NaN). Seed corpora live in testdata/fuzz. Run one with, e.g.,
//
//	go test -run XXX -fuzz FuzzSgemm -fuzztime 30s ./fuzz/
package fuzz
