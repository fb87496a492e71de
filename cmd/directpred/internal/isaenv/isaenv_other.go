//go:build !(amd64 || arm64) || purego

package isaenv

// available: no assembly in this build.
func available() []string { return []string{"generic"} }
