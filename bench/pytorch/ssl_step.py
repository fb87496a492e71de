"""PyTorch comparator for BenchmarkSSLStep: one BYOL training step.

Batch 256, two views, encoder 512 -> 1024 (BatchNorm, ReLU) -> 256, 256x256
predictor without bias (learned "linear", or "directpred": W_p set from the
eigendecomposition of the running correlation F^ every step), symmetric
2 - 2cos loss, SGD 0.05 / momentum 0.9 / weight decay 5e-4, EMA target 0.996,
inputs = 4096 precomputed 512-d samples plus one of 64 noise rows (as the Go
benchmark). "bf16" runs the step under torch.autocast("cpu", bfloat16).

    /usr/bin/python3 bench/pytorch/ssl_step.py [threads] [steps]

Prints the median ms per step of each variant.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def encoder():
    return nn.Sequential(nn.Linear(512, 1024), nn.BatchNorm1d(1024), nn.ReLU(), nn.Linear(1024, 256))


def run(method, bf16, steps):
    torch.manual_seed(0)
    online, target = encoder(), encoder()
    target.load_state_dict(online.state_dict())
    for p in target.parameters():
        p.requires_grad_(False)
    pred = nn.Linear(256, 256, bias=False)
    params = list(online.parameters())
    if method == "linear":
        params += list(pred.parameters())
    else:
        pred.weight.requires_grad_(False)
    opt = torch.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(4096, 512)
    noise = 0.3 * torch.randn(64, 512)
    fhat = torch.zeros(256, 256)
    times = []
    for i in range(steps + 5):
        t0 = time.perf_counter()
        idx = torch.randint(0, 4096, (256,))
        v1 = x[idx] + noise[torch.randint(0, 64, (256,))]
        v2 = x[idx] + noise[torch.randint(0, 64, (256,))]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            z1, z2 = online(v1), online(v2)
            p1, p2 = pred(z1), pred(z2)
            with torch.no_grad():
                t1, t2 = target(v1), target(v2)
        loss = (2 - 2 * F.cosine_similarity(p1.float(), t2.float()).mean()) + \
               (2 - 2 * F.cosine_similarity(p2.float(), t1.float()).mean())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            for pt, po in zip(target.parameters(), online.parameters()):
                pt.mul_(0.996).add_(po, alpha=0.004)
            if method == "directpred":
                f = torch.cat([z1, z2]).float()
                fhat = 0.3 * fhat + 0.7 * (f.t() @ f) / f.shape[0]
                s, u = torch.linalg.eigh(fhat)
                s = s.clamp(min=0)
                pvec = (s / s.max()).sqrt() + 0.1
                pred.weight.copy_((u * pvec) @ u.t())
        times.append(time.perf_counter() - t0)
    times = sorted(times[5:])
    return 1000 * times[len(times) // 2]


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    torch.set_num_threads(threads)
    print(f"torch {torch.__version__}, {threads} thread(s), median of {steps} steps")
    for method in ("linear", "directpred"):
        for bf16 in (False, True):
            name = method + ("-bf16" if bf16 else "")
            print(f"{name:16s} {run(method, bf16, steps):7.2f} ms/step")


if __name__ == "__main__":
    main()
