//go:build !purego

package amd64

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// HasAVX reports whether the transposing packs can run.
var HasAVX = cpu.X86.HasAVX

const (
	badDs = "amd64: bad destination stride"
	badLd = "amd64: bad source stride"
)

// checkPack panics unless k ≥ 0, ds ≥ rows, ld ≥ k, len(dst) ≥ (k−1)·ds +
// rows and len(src) ≥ (rows−1)·ld + k; it reports whether there is anything
// to do.
func checkPack(rows, ld, ds, k, ldst, lsrc int) bool {
	if k < 0 {
		panic(badK)
	}
	if ds < rows {
		panic(badDs)
	}
	if ld < k {
		panic(badLd)
	}
	if k == 0 {
		return false
	}
	if ldst < (k-1)*ds+rows {
		panic(shortC)
	}
	if lsrc < (rows-1)*ld+k {
		panic(shortA)
	}
	return true
}

// PackT8F32 transposes eight rows of src (row stride ld) into dst with row
// stride ds, using AVX:
//
//	for p := 0; p < k; p++ {
//		for i := 0; i < 8; i++ {
//			dst[p*ds+i] = src[i*ld+p]
//		}
//	}
//
// It panics if a slice is too short for that.
func PackT8F32(dst []float32, ds int, src []float32, ld, k int) {
	if checkPack(8, ld, ds, k, len(dst), len(src)) {
		packT8F32(unsafe.SliceData(dst), ds, unsafe.SliceData(src), ld, k)
	}
}

// PackT8F64 is PackT8F32 for float64:
//
//	for p := 0; p < k; p++ {
//		for i := 0; i < 8; i++ {
//			dst[p*ds+i] = src[i*ld+p]
//		}
//	}
func PackT8F64(dst []float64, ds int, src []float64, ld, k int) {
	if checkPack(8, ld, ds, k, len(dst), len(src)) {
		packT8F64(unsafe.SliceData(dst), ds, unsafe.SliceData(src), ld, k)
	}
}

// PackT4F32 transposes four rows of src (row stride ld) into dst with row
// stride ds, using AVX:
//
//	for p := 0; p < k; p++ {
//		for i := 0; i < 4; i++ {
//			dst[p*ds+i] = src[i*ld+p]
//		}
//	}
//
// It panics if a slice is too short for that.
func PackT4F32(dst []float32, ds int, src []float32, ld, k int) {
	if checkPack(4, ld, ds, k, len(dst), len(src)) {
		packT4F32(unsafe.SliceData(dst), ds, unsafe.SliceData(src), ld, k)
	}
}

// PackT4F64 is PackT4F32 for float64:
//
//	for p := 0; p < k; p++ {
//		for i := 0; i < 4; i++ {
//			dst[p*ds+i] = src[i*ld+p]
//		}
//	}
func PackT4F64(dst []float64, ds int, src []float64, ld, k int) {
	if checkPack(4, ld, ds, k, len(dst), len(src)) {
		packT4F64(unsafe.SliceData(dst), ds, unsafe.SliceData(src), ld, k)
	}
}

//go:noescape
func packT4F32(dst *float32, ds int, src *float32, ld, k int)

//go:noescape
func packT4F64(dst *float64, ds int, src *float64, ld, k int)

//go:noescape
func packT8F32(dst *float32, ds int, src *float32, ld, k int)

//go:noescape
func packT8F64(dst *float64, ds int, src *float64, ld, k int)
