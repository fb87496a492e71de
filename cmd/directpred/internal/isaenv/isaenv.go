// Package isaenv checks the environment variable DIRECTPRED_ISA before
// package kernels is initialised, so that a value this CPU cannot run ends
// the command with one line on stderr (exit status 2) instead of the panic
// with which kernels rejects it at start-up.
//
// It runs first because Go initialises packages in import-path order among
// those whose imports are ready: this path sorts before
// github.com/directpred/directpred/{eigen,kernels,ssl}, and it imports
// nothing that package kernels does not import too. The availability rules
// mirror kernels' dispatch (kernels/dispatch_*.go and kernels/amd64).
package isaenv

import (
	"fmt"
	"os"
	"strings"
)

// Requested is DIRECTPRED_ISA as read at start-up ("" when unset).
var Requested = os.Getenv("DIRECTPRED_ISA")

func init() {
	if Requested == "" {
		return
	}
	avail := available()
	for _, a := range avail {
		if a == Requested {
			return
		}
	}
	fmt.Fprintf(os.Stderr, "directpred: DIRECTPRED_ISA=%q: this CPU can run %s\n", Requested, strings.Join(avail, ", "))
	os.Exit(2)
}
