package ssl

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
)

// Checkpoint file layout (little endian):
//
//	"DPSSLCK3" | payload | SHA-256(magic ‖ payload)
//
// The payload holds a fingerprint of the training-relevant configuration,
// the step, the skip counter, the F̂/U flags, the warm-start back-off state
// (skip and length; since version 2), the sample count of F̂'s accumulator
// (since version 3), and every state tensor as (length, values): online
// parameters and BatchNorm statistics, target ditto, predictor, momentum
// buffers, F̂'s accumulator (version 3: its mean and covariance, from which
// F̂ = covariance + mean·meanᵀ; versions 1 and 2: F̂ itself) and the
// eigenvector warm start. Random streams are pure functions of (seed,
// step), so the step is the whole RNG state.
//
// Older files still load: "DPSSLCK1" with no back-off, and both it and
// "DPSSLCK2" with F̂ as an accumulator of zero mean and covariance F̂ (the
// same F̂; later batches update it by the same EMA, though not bit for bit
// as the run that wrote the file would have, whose F̂ was computed by
// another formula).
const (
	ckptMagic   = "DPSSLCK3"
	ckptMagicV2 = "DPSSLCK2"
	ckptMagicV1 = "DPSSLCK1"
)

func (t *Trainer) fingerprint() uint64 {
	c := t.cfg
	c.CheckpointPath, c.CheckpointEvery, c.DiagEvery = "", 0, 0
	// Fields at their defaults are left out, so that runs keep the
	// fingerprint they had before the field existed.
	if c.Precision == FP32 {
		c.Precision = ""
	}
	if c.PredictorInit == InitRandom {
		c.PredictorInit = "" // the same initialisation
	}
	if c.PredictorLR == 1 {
		c.PredictorLR = 0 // the same rate
	}
	b, _ := json.Marshal(c)
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// state32 and state64 list the state tensors in checkpoint order.
func (t *Trainer) state32() [][]float32 {
	var s [][]float32
	addNet := func(n *Net[float32]) {
		for _, p := range n.Params() {
			s = append(s, p.Data)
		}
		s = append(s, n.Buffers()...)
	}
	addNet(t.Online)
	if t.Target != nil {
		addNet(t.Target)
	}
	if t.Pred != nil {
		for _, p := range t.Pred.Params() {
			s = append(s, p.Data)
		}
	}
	s = append(s, t.encOpt.bufs...)
	if t.preOpt != nil {
		s = append(s, t.preOpt.bufs...)
	}
	return s
}

// state64 lists the float64 state tensors of a checkpoint of the given
// magic; for the current format, F̂'s accumulator (n samples) is read into
// them, and for loading (n < 0) they are zeroed destinations.
func (t *Trainer) state64(magic string, n int) [][]float64 {
	if t.corr == nil {
		return nil
	}
	d := t.corr.D
	if magic != ckptMagic {
		return [][]float64{make([]float64, d*d), t.setter.U, t.setter.v}
	}
	mean, cov := make([]float64, d), make([]float64, d*d)
	if n > 0 {
		t.corr.state(mean, cov)
	}
	return [][]float64{mean, cov, t.setter.U, t.setter.v}
}

func boolU64(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// Save writes the whole training state to path atomically (temporary file
// in the same directory, fsync, rename).
func (t *Trainer) Save(path string) error {
	t.syncPredictor()
	var buf bytes.Buffer
	buf.WriteString(ckptMagic)
	w := func(v uint64) { binary.Write(&buf, binary.LittleEndian, v) }
	w(t.fingerprint())
	w(uint64(t.step))
	w(uint64(t.skips))
	var haveF, haveU bool
	if t.corr != nil {
		haveF, haveU = t.corr.Have, t.setter.HaveU
	}
	w(boolU64(haveF))
	w(boolU64(haveU))
	var warmSkip, warmBackoff int
	if t.setter != nil {
		warmSkip, warmBackoff = t.setter.warmSkip, t.setter.warmBackoff
	}
	w(uint64(warmSkip))
	w(uint64(warmBackoff))
	var n int
	if t.corr != nil {
		n = t.corr.count()
	}
	w(uint64(n))
	for _, a := range t.state32() {
		w(uint64(len(a)))
		for _, v := range a {
			binary.Write(&buf, binary.LittleEndian, math.Float32bits(v))
		}
	}
	for _, a := range t.state64(ckptMagic, n) {
		w(uint64(len(a)))
		for _, v := range a {
			w(math.Float64bits(v))
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])

	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("ssl: checkpoint: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("ssl: checkpoint: %w", err)
	}
	return nil
}

// ErrCorruptCheckpoint is wrapped by Load errors caused by file contents.
var ErrCorruptCheckpoint = errors.New("corrupt checkpoint")

// Load restores the state saved by Save into t, which must have been built
// with the same configuration (apart from checkpoint and diagnostic
// settings). On error t is unchanged.
func (t *Trainer) Load(path string) error {
	t.syncPredictor()
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("ssl: checkpoint: %w", err)
	}
	if len(b) < len(ckptMagic)+sha256.Size {
		return fmt.Errorf("ssl: checkpoint %s: %w: truncated (%d bytes)", path, ErrCorruptCheckpoint, len(b))
	}
	magic := string(b[:len(ckptMagic)])
	if magic != ckptMagic && magic != ckptMagicV2 && magic != ckptMagicV1 {
		return fmt.Errorf("ssl: checkpoint %s: %w: bad magic (not a checkpoint or another version)", path, ErrCorruptCheckpoint)
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return fmt.Errorf("ssl: checkpoint %s: %w: checksum mismatch (truncated or modified)", path, ErrCorruptCheckpoint)
	}
	r := body[len(ckptMagic):]
	var rerr error
	u64 := func() uint64 {
		if len(r) < 8 {
			rerr = fmt.Errorf("ssl: checkpoint %s: %w: payload too short", path, ErrCorruptCheckpoint)
			return 0
		}
		v := binary.LittleEndian.Uint64(r)
		r = r[8:]
		return v
	}
	if fp := u64(); fp != t.fingerprint() {
		return fmt.Errorf("ssl: checkpoint %s was written with a different configuration", path)
	}
	step, skips, haveF, haveU := u64(), u64(), u64(), u64()
	var warmSkip, warmBackoff, corrN uint64
	if magic != ckptMagicV1 {
		warmSkip, warmBackoff = u64(), u64()
	}
	if magic == ckptMagic {
		corrN = u64()
	}
	if rerr != nil {
		return rerr
	}
	if magic == ckptMagic && (corrN > 0) != (haveF == 1) || corrN > 1<<62 || t.corr == nil && corrN != 0 {
		return fmt.Errorf("ssl: checkpoint %s: %w: F̂ sample count %d inconsistent with its flag %d", path, ErrCorruptCheckpoint, corrN, haveF)
	}
	if warmSkip > maxWarmBackoff || warmBackoff > maxWarmBackoff {
		return fmt.Errorf("ssl: checkpoint %s: %w: warm-start back-off %d/%d out of range", path, ErrCorruptCheckpoint, warmSkip, warmBackoff)
	}
	if step > uint64(t.steps) {
		return fmt.Errorf("ssl: checkpoint %s is at step %d, beyond the run's %d steps", path, step, t.steps)
	}
	// Decode into copies first so that a bad file leaves t untouched.
	s32 := t.state32()
	n32 := make([][]float32, len(s32))
	for i, dst := range s32 {
		n := u64()
		if rerr != nil {
			return rerr
		}
		if n != uint64(len(dst)) || uint64(len(r)) < 4*n {
			return fmt.Errorf("ssl: checkpoint %s: %w: tensor %d has %d values, want %d", path, ErrCorruptCheckpoint, i, n, len(dst))
		}
		n32[i] = make([]float32, n)
		for k := range n32[i] {
			n32[i][k] = math.Float32frombits(binary.LittleEndian.Uint32(r[4*k:]))
		}
		r = r[4*n:]
	}
	s64 := t.state64(magic, -1)
	n64 := make([][]float64, len(s64))
	for i, dst := range s64 {
		n := u64()
		if rerr != nil {
			return rerr
		}
		if n != uint64(len(dst)) || uint64(len(r)) < 8*n {
			return fmt.Errorf("ssl: checkpoint %s: %w: matrix %d has %d values, want %d", path, ErrCorruptCheckpoint, i, n, len(dst))
		}
		n64[i] = make([]float64, n)
		for k := range n64[i] {
			n64[i][k] = math.Float64frombits(binary.LittleEndian.Uint64(r[8*k:]))
		}
		r = r[8*n:]
	}
	if len(r) != 0 {
		return fmt.Errorf("ssl: checkpoint %s: %w: %d unexpected trailing bytes", path, ErrCorruptCheckpoint, len(r))
	}
	for i, dst := range s32 {
		copy(dst, n32[i])
	}
	for i, dst := range s64 {
		copy(dst, n64[i])
	}
	if t.corr != nil {
		switch {
		case magic == ckptMagic:
			t.corr.setState(int(corrN), s64[0], s64[1])
		case haveF == 1:
			t.corr.setSecondMoment(s64[0])
		default:
			t.corr.setState(0, s64[0], s64[0])
		}
		t.setter.HaveU = haveU == 1
		t.setter.warmSkip, t.setter.warmBackoff = int(warmSkip), int(warmBackoff)
	}
	t.step, t.skips = int(step), int(skips)
	t.permEpoch = -1
	t.zlast = nil
	return nil
}
