package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/directpred/directpred/kernels"
	"github.com/klauspost/cpuid/v2"
)

// kib formats a cache size.
func kib(b int) string {
	switch {
	case b <= 0:
		return "unknown"
	case b >= 1<<20 && b%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", b>>20)
	default:
		return fmt.Sprintf("%d KiB", b>>10)
	}
}

// wrapWords joins words into lines of at most width characters.
func wrapWords(words []string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range words {
		if i > 0 && n+1+len(w) > width {
			b.WriteString("\n" + indent)
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// cmdCPU is "directpred cpu".
func cmdCPU(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cpu", flag.ContinueOnError)
	if err := parseFlags(fs, args, stdout, "Usage: directpred cpu\n\nPrints the detected CPU features, the kernel path (ISA) in use, the paths this\nCPU can run, cache sizes and the GEMM block sizes.\n"); err != nil {
		return err
	}
	c := cpuid.CPU
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	brand := c.BrandName
	if brand == "" {
		brand = "unknown"
	}
	fmt.Fprintf(tw, "CPU\t%s (%s, family %d model %d)\n", brand, c.VendorString, c.Family, c.Model)
	fmt.Fprintf(tw, "architecture\t%s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(tw, "cores\t%d physical, %d logical, GOMAXPROCS %d\n", c.PhysicalCores, c.LogicalCores, runtime.GOMAXPROCS(0))
	if c.VM() {
		fmt.Fprintf(tw, "hypervisor\t%s\n", c.HypervisorVendorString)
	}
	fmt.Fprintf(tw, "caches\tL1d %s, L1i %s, L2 %s, L3 %s, line %d B\n", kib(c.Cache.L1D), kib(c.Cache.L1I), kib(c.Cache.L2), kib(c.Cache.L3), c.CacheLine)
	feats := c.FeatureSet()
	fmt.Fprintf(tw, "features\t%s\n", wrapWords(feats, 64, "\t"))
	isa := kernels.ISA()
	if env := os.Getenv("DIRECTPRED_ISA"); env != "" {
		isa += " (forced by DIRECTPRED_ISA)"
	}
	fmt.Fprintf(tw, "ISA in use\t%s\n", isa)
	fmt.Fprintf(tw, "available ISAs\t%s\n", strings.Join(kernels.AvailableISAs(), ", "))
	fmt.Fprintf(tw, "compiled ISAs\t%s\n", strings.Join(kernels.ISAs(), ", "))
	fmt.Fprintf(tw, "FMA peak loop\t%s\n", kernels.PeakISA())
	s, d := kernels.Blocking()
	for _, b := range []struct {
		name string
		bs   kernels.BlockSizes
	}{{"float32 blocks", s}, {"float64 blocks", d}} {
		fmt.Fprintf(tw, "%s\tMR×NR %d×%d, KC %d, MC %d, NC %d\n", b.name, b.bs.MR, b.bs.NR, b.bs.KC, b.bs.MC, b.bs.NC)
	}
	bs, native := kernels.BlockingBF16()
	how := "float32 FMAs on rounded operands (no bfloat16 instructions on this path)"
	if native {
		how = "native bfloat16 dot products"
	}
	fmt.Fprintf(tw, "bfloat16 blocks	MR×NR %d×%d, KC %d, MC %d, NC %d; %s\n", bs.MR, bs.NR, bs.KC, bs.MC, bs.NC, how)
	return tw.Flush()
}
