"""One training step of a derived DARTS network (the evaluation phase), channels-first vs channels-last.

Not a test. Random CIFAR-shaped data, SGD, cross-entropy; the layouts alternate for `--rounds` rounds, each timing
`--steps` steps after two untimed ones. This is the figure behind `TrainConfig.channels_last`'s default.

    python benchmarks/bench_train_step.py --C 16 --layers 8 --batch-size 32 --threads 1
"""
from __future__ import annotations
import argparse, os, statistics, time

def step_seconds(channels_last:bool, genotype, C:int, layers:int, batch_size:int, steps:int)->float:
    "Seconds per training step of the network in that layout."
    import torch, torch.nn.functional as F
    from influence_nas.networks import build_network
    torch.manual_seed(0)
    x, y = torch.randn(batch_size, 3, 32, 32), torch.randint(0, 10, (batch_size,))
    net = build_network(genotype, C=C, layers=layers, auxiliary=False, n_classes=10).train()
    if channels_last: net, x = net.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    def step():
        opt.zero_grad(); out = net(x)
        F.cross_entropy(out[0] if isinstance(out, tuple) else out, y).backward(); opt.step()
    step(); step()
    t = time.perf_counter()
    for _ in range(steps): step()
    return (time.perf_counter() - t) / steps

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--genotype', default='DARTS_V2', help='a genotype of influence_nas.genotypes (name) or its string')
    p.add_argument('--C', type=int, default=16, help='initial channels')
    p.add_argument('--layers', type=int, default=8, help='cells')
    p.add_argument('--batch-size', type=int, default=32, help='batch size')
    p.add_argument('--steps', type=int, default=5, help='timed steps per round and layout')
    p.add_argument('--rounds', type=int, default=2, help='rounds, the layouts alternating')
    p.add_argument('--threads', type=int, default=1, help='torch intra-op threads')
    a = p.parse_args(argv)
    import torch
    from influence_nas import genotypes
    torch.set_num_threads(a.threads)
    g = getattr(genotypes, a.genotype, a.genotype)
    times = {False: [], True: []}
    for r in range(a.rounds):
        for cl in ((False, True) if r % 2 == 0 else (True, False)):
            times[cl].append(step_seconds(cl, g, a.C, a.layers, a.batch_size, a.steps))
            print(f"round {r}: channels_last={cl} {times[cl][-1]:.3f} s/step", flush=True)
    first, last = statistics.median(times[False]), statistics.median(times[True])
    print(f"\n{a.genotype} C={a.C} layers={a.layers} batch {a.batch_size}, {a.threads} thread(s), torch {torch.__version__}, "
          f"load {os.getloadavg()[0]:.1f}: channels-first {first:.3f} s/step, channels-last {last:.3f} s/step, {first / last:.2f}×")

if __name__ == '__main__': main()
