package ssl

import (
	"runtime"
	"sync"
)

// A small worker pool for the element-wise parts of a step (BatchNorm,
// ReLU, batch loading). Work is split into disjoint index ranges whose
// results do not depend on the split, so outcomes are bitwise identical for
// any GOMAXPROCS. Dispatch does not allocate: tasks are long-lived structs
// passed as interface values holding pointers.

// rangeTask processes indices [lo, hi); chunk identifies the calling
// worker slot (0 ≤ chunk < maxChunks) for per-worker scratch.
type rangeTask interface {
	runRange(lo, hi, chunk int)
}

const maxChunks = 16

type poolItem struct {
	t             rangeTask
	lo, hi, chunk int
	wg            *sync.WaitGroup
}

var (
	poolMu      sync.Mutex
	poolWorkers int
	poolQueue   = make(chan poolItem, 4*maxChunks)
)

func ensurePoolWorkers(n int) {
	poolMu.Lock()
	for poolWorkers < n {
		poolWorkers++
		go func() {
			for it := range poolQueue {
				it.t.runRange(it.lo, it.hi, it.chunk)
				it.wg.Done()
			}
		}()
	}
	poolMu.Unlock()
}

// parallelRange runs t over [0, n) in at most GOMAXPROCS chunks of at least
// grain indices each; wg must be owned by the caller's long-lived state.
func parallelRange(n, grain int, t rangeTask, wg *sync.WaitGroup) {
	chunks := min(runtime.GOMAXPROCS(0), maxChunks, n/max(grain, 1))
	if chunks <= 1 {
		t.runRange(0, n, 0)
		return
	}
	ensurePoolWorkers(chunks - 1)
	wg.Add(chunks - 1)
	for c := 1; c < chunks; c++ {
		poolQueue <- poolItem{t: t, lo: n * c / chunks, hi: n * (c + 1) / chunks, chunk: c, wg: wg}
	}
	t.runRange(0, n/chunks, 0)
	wg.Wait()
}
