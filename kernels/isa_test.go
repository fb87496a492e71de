package kernels

import (
	"testing"
)

// forEachISA runs f once for every dispatch path this CPU can run, with that
// path forced, and restores the path in use afterwards. Tests that call it
// must not run in parallel with other tests of this package.
func forEachISA(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, p := range isas {
		if !p.available {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			restore, err := useISA(p.name)
			if err != nil {
				t.Fatal(err)
			}
			defer restore()
			f(t)
		})
	}
}

// TestRequiredISAs fails when this machine has an instruction set that the
// binary was built to use but the matching dispatch path is missing or
// reported unavailable: a path the machine has is never skipped silently.
func TestRequiredISAs(t *testing.T) {
	avail := map[string]bool{}
	for _, name := range AvailableISAs() {
		avail[name] = true
	}
	if !avail["generic"] {
		t.Error("generic path not available")
	}
	for _, name := range requiredISAs() {
		if !avail[name] {
			t.Errorf("this CPU supports %s but the %s path is not available (have %v)", name, name, AvailableISAs())
		}
	}
	t.Logf("ISA in use: %s; available: %v; compiled: %v", ISA(), AvailableISAs(), ISAs())
}

func TestUseISAUnknown(t *testing.T) {
	if _, err := useISA("sse9"); err == nil {
		t.Fatal("useISA accepted an unknown name")
	}
}
