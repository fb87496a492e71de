//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// isTerminal: without a termios check, progress is printed as plain lines.
func isTerminal(fd uintptr) bool { return false }
