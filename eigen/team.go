package eigen

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/directpred/directpred/kernels"
)

// A team runs the many short parallel steps of the tridiagonal reduction
// (three per column: a few microseconds of work each) on the calling
// goroutine and helpers that spin between steps, so that a step costs an
// atomic handshake instead of waking a blocked worker (tens of
// microseconds). Helpers are persistent kernels workers taken with
// kernels.Background for one session (one reduction) and released at its
// end; nothing spins outside a session.
//
// A step is split into n chunks whose boundaries depend only on the
// problem, never on the number of helpers; whoever is free claims the next
// chunk, and each chunk writes its own outputs, so the results are bitwise
// the same for any GOMAXPROCS.

// teamTask is one parallel step: runChunk(c) runs chunk c.
type teamTask interface{ runChunk(c int) }

// maxTeamHelpers bounds the helpers of a session (chunk counts are at most
// symvMaxChunks, so more would only spin).
const maxTeamHelpers = 7

// Ticket layout: generation (32 bits) | chunk count (16) | next chunk (16).
const (
	tkChunkBits = 16
	tkChunkMask = 1<<tkChunkBits - 1
)

type team struct {
	ticket  atomic.Uint64
	done    atomic.Int32
	quit    atomic.Bool
	alive   atomic.Int32   // helpers started and not yet left
	task    teamTask       // the current step; written before its ticket
	wg      sync.WaitGroup // counts helpers for kernels.Background; never waited on
	helpers int
}

// start begins a session with up to GOMAXPROCS−1 helpers (none when
// GOMAXPROCS is 1).
func (t *team) start() {
	h := min(runtime.GOMAXPROCS(0)-1, maxTeamHelpers)
	if h <= 0 {
		return
	}
	t.quit.Store(false)
	t.helpers = h
	// Helpers of earlier sessions that have not left yet (or not started)
	// join this one.
	for i := int(t.alive.Load()); i < h; i++ {
		t.alive.Add(1)
		kernels.Background(t, &t.wg)
	}
}

// stop ends the session. It does not wait for the helpers: one that has
// not started yet (every worker busy, e.g. with solves run from
// kernels.ParallelFor chunks) may never be needed, and waiting for it could
// deadlock. A helper that starts late finds either no session (and
// returns) or a later session of the same team, which it then helps;
// helpers touch the team's steps only through successful claims.
func (t *team) stop() {
	if t.helpers == 0 {
		return
	}
	t.quit.Store(true)
	t.helpers = 0
}

// Contention: when the caller, done with its chunks, waits longer than
// teamMaxWait for a helper's chunk (the helper was descheduled: more
// runnable threads than cores), the session ends for the helpers and the
// rest of the reduction runs on the caller alone: on an oversubscribed
// machine spinning helpers would only take time from the caller. The
// chunks, and so the results, are the same either way.
const teamMaxWait = 200 * time.Microsecond

// run runs chunks 0..n−1 of task and returns when all are done.
func (t *team) run(task teamTask, n int) {
	if t.helpers == 0 || n <= 1 {
		for c := 0; c < n; c++ {
			task.runChunk(c)
		}
		return
	}
	t.task = task
	t.done.Store(0)
	gen := t.ticket.Load()>>(2*tkChunkBits) + 1
	t.ticket.Store(gen<<(2*tkChunkBits) | uint64(n)<<tkChunkBits)
	for {
		c, ok := t.claim()
		if !ok {
			break
		}
		task.runChunk(c)
		t.done.Add(1)
	}
	if t.done.Load() < int32(n) {
		start := time.Now()
		for spins := 1; t.done.Load() < int32(n); spins++ {
			if spins%256 == 0 {
				runtime.Gosched()
			}
		}
		if time.Since(start) > teamMaxWait {
			t.stop()
		}
	}
	t.task = nil
}

// claim takes the next chunk of the current step, if one is left.
func (t *team) claim() (int, bool) {
	for {
		tk := t.ticket.Load()
		n, next := int(tk>>tkChunkBits&tkChunkMask), int(tk&tkChunkMask)
		if next >= n {
			return 0, false
		}
		if t.ticket.CompareAndSwap(tk, tk+1) {
			return next, true
		}
	}
}

// RunBackground is a helper: it claims chunks of whatever step is current
// until the session ends.
func (t *team) RunBackground() {
	for spins := 1; ; spins++ {
		if c, ok := t.claim(); ok {
			// The successful claim orders this read after the step's
			// publication, and the step cannot end before done counts
			// this chunk.
			t.task.runChunk(c)
			t.done.Add(1)
			spins = 0
			continue
		}
		if t.quit.Load() {
			t.alive.Add(-1)
			return
		}
		if spins%256 == 0 {
			runtime.Gosched()
		}
	}
}

// parFor runs t over [0, n) on the kernels' workers (kernels.ParallelFor),
// or on the calling goroutine alone when the solver is serial. The
// participants claim ranges of grain indices one at a time (rather than
// one fixed range each), so a participant that the operating system
// deschedules holds up one range only. t's results must not depend on the
// ranges; parFor calls do not nest.
func (s *core[F]) parFor(n, grain int, t kernels.RangeTask) {
	if s.serial || n <= grain {
		t.RunRange(0, n, 0)
		return
	}
	d := &s.dyn
	d.t, d.n, d.g = t, n, max(grain, 1)
	d.next.Store(0)
	kernels.ParallelFor(n, grain, d)
	d.t = nil
}

// dynRanges is parFor's self-scheduling wrapper.
type dynRanges struct {
	t    kernels.RangeTask
	n, g int
	next atomic.Int64
}

func (d *dynRanges) RunRange(_, _, chunk int) {
	for {
		lo := int(d.next.Add(int64(d.g))) - d.g
		if lo >= d.n {
			return
		}
		d.t.RunRange(lo, min(d.n, lo+d.g), chunk)
	}
}
