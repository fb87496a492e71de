"""PyTorch comparator for BenchmarkSgemm's shapes (float32 and bfloat16).

Run with Debian's python3-torch, one thread unless given:
    /usr/bin/python3 bench/pytorch/matmul.py [threads]
Prints GFLOP/s per shape: the median of 7 timed batches after a warm-up.
"""
import sys
import time

import torch


def gflops(f, m, n, k, min_time=0.2):
    f()
    reps = 1
    while True:  # calibrate a batch of about min_time / 7 seconds
        t = time.perf_counter()
        for _ in range(reps):
            f()
        dt = time.perf_counter() - t
        if dt > min_time / 7:
            break
        reps *= 2
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(reps):
            f()
        runs.append((time.perf_counter() - t) / reps)
    runs.sort()
    return 2 * m * n * k / runs[3] / 1e9


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    shapes = [(f"NN/n={n}", "N", "N", n, n, n) for n in (64, 128, 256, 512, 1024, 2048)]
    shapes += [
        ("NN/256x512x512", "N", "N", 256, 512, 512),
        ("NT/256x512x512", "N", "T", 256, 512, 512),
        ("TN/512x256x512", "T", "N", 512, 256, 512),
        ("NN/256x2048x256", "N", "N", 256, 2048, 256),
    ]
    print(f"torch {torch.__version__}, {threads} thread(s)")
    for name, ta, tb, m, k, n in shapes:
        row = [name]
        for dtype in (torch.float32, torch.bfloat16):
            a = torch.rand(k, m) if ta == "T" else torch.rand(m, k)
            b = torch.rand(n, k) if tb == "T" else torch.rand(k, n)
            a, b = a.to(dtype), b.to(dtype)
            opa = a.t() if ta == "T" else a
            opb = b.t() if tb == "T" else b
            row.append(f"{gflops(lambda: opa @ opb, m, n, k):7.1f}")
        print(f"{row[0]:18s} f32 {row[1]}  bf16 {row[2]}  GFLOP/s")


if __name__ == "__main__":
    main()
