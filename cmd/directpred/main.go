// Command directpred trains non-contrastive self-supervised models with the
// DirectPred predictor (Tian, Chen & Ganguli, ICML 2021) and reports on the
// numerical kernels underneath.
//
// Run without arguments it trains DirectPred and a learned linear predictor
// on the embedded Fashion-MNIST subset for about a minute, prints a summary
// table and writes plots. See usage (directpred -h) for the subcommands
// train, bench and cpu.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	// Imported first for its init: validates DIRECTPRED_ISA before package
	// kernels does (see the package comment).
	_ "github.com/directpred/directpred/cmd/directpred/internal/isaenv"
)

const usageText = `directpred: self-supervised learning without contrastive pairs (BYOL/SimSiam
with a DirectPred or learned predictor) on hand-written GEMM/eigensolver kernels.

Usage:
  directpred [-out DIR] [-json FILE] [-steps N] [-threads N]
        Default run: trains DirectPred and the learned-linear-predictor baseline
        on the embedded Fashion-MNIST subset (3000 train / 1000 test images,
        encoder 784→1024 backbone, 1024→512→128 projector, batch 256, 240 steps
        each; about a minute on two cores), evaluates them and the untrained
        encoder (row "random"), prints a summary table and writes plots to DIR
        (default ./directpred-out).
  directpred train [flags]    one training run (directpred train -h lists flags)
  directpred bench [flags]    GFLOP/s of Sgemm/SgemmBF16/Dgemm/Ssyrk and eigensolver ms,
                              beside gonum and as % of the measured FMA peak
  directpred cpu              CPU features, ISA in use, caches, block sizes
  directpred help             this text

Default-run flags:
  -out DIR      output folder for plots (default ./directpred-out)
  -json FILE    write the metrics of the three rows as a JSON array
  -steps N      training steps per method (default 240, 12 with DIRECTPRED_QUICK=1)
  -threads N    GOMAXPROCS (default: all cores)

Environment:
  DIRECTPRED_QUICK=1   shorten the default run to a few seconds (12 steps per
                       method instead of 240), same code path otherwise
  DIRECTPRED_ISA=NAME  force the kernel path: avx512, avx2, neon or generic
                       (directpred cpu lists the ones this CPU can run)

Output files (in -out DIR):
  loss.png           training loss over the steps (every method of the run)
  spectrum.png       eigenvalues of F̂ and of W_p's symmetric part at the end
                     (|λ|, descending, log scale)
  effective_rank.png effective rank of F̂ over the steps
  alignment.png      alignment of W_p with F̂'s eigenvectors over the steps

JSON (-json FILE): train writes one object, the default run an array of one
object per method, with the fields
  method          predictor: directpred, directcopy, linear or none; random
                  for the untrained encoder (train -steps 0)
  steps           training steps done
  probe_accuracy  linear-probe test accuracy in [0,1] (null without labels)
  probe_lambda    the probe's ridge penalty λ, chosen on the last 10% of the
                  training images from 1, 0.1, …, 1e-6 (null when not probed)
  probe_iterations  L-BFGS iterations of the probe's final fit
  probe_grad_norm ‖∇‖∞ of the probe's objective at the end (tolerance 1e-4)
  probe_seconds   wall time of the probe (λ path and final fit)
  knn_accuracy    k-NN (k=20, cosine) test accuracy in [0,1] (null without labels)
  effective_rank  exp(entropy of F̂'s normalised eigenvalues) at the end
  alignment       mean |u_jᵀ W_p u_j| / ‖W_p u_j‖ over F̂'s eigenvectors u_j
  final_loss      loss of the last step
  ms_per_step     mean wall time of a training step in milliseconds
  ms_eigen        total milliseconds in the eigensolver (DirectPred)
  seconds         wall time of the run (training and evaluation)
  predictor_skips DirectPred recomputations that kept the previous W_p
  data            data set name; precision: fp32 or bf16 (-precision);
                  isa: kernel path; threads: GOMAXPROCS

Ctrl-C (SIGINT) or SIGTERM stops training at the next progress update; with
-checkpoint FILE the state is saved there first, and the same command plus
-resume FILE continues the run (bit for bit as if uninterrupted). Exit 130.

Errors end with one line "directpred: ..." on stderr and exit status 1
(2 for usage errors).
`

// usageError marks bad command-line input (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status. Every failure,
// even an unexpected panic, ends as one line on stderr.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			msg := strings.ReplaceAll(fmt.Sprint(r), "\n", " ")
			fmt.Fprintf(stderr, "directpred: internal error: %s\n", msg)
			if os.Getenv("DIRECTPRED_TRACE") != "" {
				stderr.Write(debug.Stack())
			}
			code = 3
		}
	}()
	err := dispatch(args, stdout)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "directpred: %s\n", oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	var ie interruptedError
	if errors.As(err, &ie) {
		return 130
	}
	return 1
}

// oneLine strips the "ssl: " prefixes of wrapped errors and joins lines.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", "; ")
	return strings.TrimPrefix(s, "ssl: ")
}

func dispatch(args []string, stdout io.Writer) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest := args[0], args[1:]
		switch cmd {
		case "train":
			return cmdTrain(rest, stdout)
		case "bench":
			return cmdBench(rest, stdout)
		case "cpu":
			return cmdCPU(rest, stdout)
		case "help":
			fmt.Fprint(stdout, usageText)
			return nil
		default:
			return usagef("unknown command %q (want train, bench, cpu or help; see directpred -h)", cmd)
		}
	}
	return cmdDefault(args, stdout)
}

// parseFlags parses args with fs, printing help to stdout on -h and turning
// every other problem into a one-line usage error.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, help string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return flag.ErrHelp
		}
		return usagef("%s%v (see %s -h)", cmdPrefix(fs), err, helpCmd(fs))
	}
	if fs.NArg() > 0 {
		return usagef("%sunexpected argument %q (see %s -h)", cmdPrefix(fs), fs.Arg(0), helpCmd(fs))
	}
	return nil
}

func cmdPrefix(fs *flag.FlagSet) string {
	if fs.Name() == "directpred" {
		return ""
	}
	return fs.Name() + ": "
}

func helpCmd(fs *flag.FlagSet) string {
	if fs.Name() == "directpred" {
		return "directpred"
	}
	return "directpred " + fs.Name()
}
