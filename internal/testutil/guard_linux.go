//go:build linux

package testutil

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

func guarded[T Float](t testing.TB, n int) []T {
	var z T
	size := int(unsafe.Sizeof(z))
	page := unix.Getpagesize()
	data := (n*size + page - 1) / page * page
	mem, err := unix.Mmap(-1, 0, data+page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	if err := unix.Mprotect(mem[data:], unix.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	t.Cleanup(func() { _ = unix.Munmap(mem) })
	if n == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&mem[data])), 0)
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&mem[data-n*size])), n)
}
