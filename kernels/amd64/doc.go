// Package amd64 holds the hand-written x86-64 assembly micro-kernels of
// package kernels (AVX-512 and AVX2+FMA) behind Go functions that check every
// length the assembly relies on, so that no caller can make the assembly
// touch memory outside its slices. Use package kernels; this package is its
// building block.
//
// On other architectures, and with the purego build tag, the package is empty.
package amd64
