"""Fidelity and cost of the influence estimators against `exact`, and against progressive `pt`'s total cost.

Not a test. The fidelity probe of `influence_nas.fidelity_probe.influence_probe`: an NB201-like supernet (one cell per stage,
C=16) searched `--epochs` epochs on scikit-learn's digits with `influence_nas.search` (bi-level first order, and α
fixed), for each seed; every estimator of `PROBE_ESTIMATORS` scores every (edge, non-none op) pair on the search-val
batches (batch 128) in each BatchNorm mode, against `exact` in the same mode: Kendall τ / Spearman ρ, top-1 agreement
per edge, wall time. Then progressive `pt` (DARTS-PT: 5 fine-tuning epochs between decisions, lr = search lr / 10) is
timed on the bi-level runs with the same scoring batches, so each estimator's time can be put against it.
(`nbs/experiments/fidelity.ipynb` runs the same probe as a papermill experiment, with the genotypes each criterion picks.)

    python benchmarks/bench_influence.py                       # 3 seeds, both modes, both BN modes, CPU
    python benchmarks/bench_influence.py --device cuda
    python benchmarks/bench_influence.py --seeds 0 --modes bilevel --bn running --epochs 1 --C 4 --n-batches 1 --pt-finetune-epochs 1   # smoke test

Writes `<out>_per_run.csv`, `<out>_summary.csv` and `<out>.md` (default benchmarks/out/bench_influence, git-ignored) and
prints the markdown table.
"""
from __future__ import annotations
import argparse, platform, time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', default='0,1,2', help='search seeds, comma-separated')
    p.add_argument('--modes', default='bilevel,fixed', help='search modes: bilevel, fixed, single')
    p.add_argument('--bn', default='batch,running', help="BatchNorm modes of the criteria: batch, running")
    p.add_argument('--epochs', type=int, default=10, help='search epochs')
    p.add_argument('--C', type=int, default=16, help='channels of the first stage')
    p.add_argument('--n-batches', type=int, default=None, help='scoring batches (default: every search-val batch)')
    p.add_argument('--device', default='cpu', help='cpu or cuda')
    p.add_argument('--threads', type=int, default=1, help='torch intra-op threads (CPU)')
    p.add_argument('--pt-finetune-epochs', type=int, default=5, help='progressive pt: fine-tuning epochs between decisions (0: skip)')
    p.add_argument('--out', default=str(HERE / 'out' / 'bench_influence'), help='output prefix (search runs in <out>_runs)')
    return p.parse_args(argv)


def time_progressive_pt(
    runs:Path,              # the probe's search runs, `<runs>/bilevel-s<seed>`
    seeds:list,             # their seeds
    finetune_epochs:int,    # fine-tuning epochs between decisions
    n_batches:int|None,     # scoring batches of 128 (None: every search-val batch)
    device:str,             # where it runs
)->dict:
    "Seconds of progressive `pt` on each bi-level run `<runs>/bilevel-s<seed>`, scoring with the probe's batches."
    import torch
    from influence_nas.rundir import load_run
    from influence_nas.selection import progressive_select
    pt = {}
    for seed in seeds:
        run = load_run(runs / f'bilevel-s{seed}')
        net = run.supernet(device=device)
        val = list(run.data_loaders('val', batch_size=128, device=device))[:n_batches]
        c = run.config
        lr, lr_min = c.lr / 10, min(c.lr_min, c.lr / 10)   # DARTS-PT: the search's learning rate / 10, as select_run
        t0 = time.perf_counter()
        progressive_select(net, val, 'pt', train_loader=run.data_loaders('train', device=device),
                           finetune_epochs=finetune_epochs, lr=lr, lr_min=lr_min, seed=seed)
        if device.startswith('cuda'): torch.cuda.synchronize()
        pt[seed] = time.perf_counter() - t0
        print(f"progressive pt, bilevel seed {seed}: {pt[seed]:.1f}s", flush=True)
    return pt


def markdown(
    agg,        # `summarise_probe` of the per-run table, with `pct_of_pt_progressive_median`
    a,          # the parsed command line
    pt:dict,    # {seed: seconds of progressive pt}
)->list[str]:
    "The header line and the table of `agg`, one row per BN mode, search mode and estimator."
    import torch, pandas as pd
    cpu = f'CPU ({platform.processor() or platform.machine()}), {a.threads} thread(s)'
    dev = torch.cuda.get_device_name() if a.device.startswith('cuda') else cpu
    pt_med = f"{pd.Series(pt).median():.1f} s" if pt else 'not timed'
    md = [f"Device: {dev}; torch {torch.__version__}; NB201 C={a.C} N=1, {a.epochs} search epochs on digits, seeds {a.seeds}; "
          f"progressive pt ({a.pt_finetune_epochs} fine-tuning epochs per decision): median {pt_med}.", '',
          '| BN | mode | estimator | τ min | τ median | τ max | ρ median | top-1 median | seconds (median) | × exact | % of progressive pt |',
          '|---|---|---|---|---|---|---|---|---|---|---|']
    for r in agg.itertuples():
        pct = r.pct_of_pt_progressive_median
        md.append(f"| {r.bn} | {r.mode} | {r.estimator} | {r.tau_min:.2f} | {r.tau_median:.2f} | {r.tau_max:.2f} | {r.rho_median:.2f} | "
                  f"{r.top1_median:.2f} | {r.seconds_median:.3g} | {r.time_vs_exact_median:.2f} | {'' if pct != pct else f'{pct:.1f}'} |")
    return md


def main(argv=None):
    a = parse_args(argv)
    import torch
    from influence_nas.fidelity_probe import influence_probe, summarise_probe
    torch.set_num_threads(a.threads)
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    runs = Path(f'{out}_runs')
    seeds, modes = [int(s) for s in a.seeds.split(',')], a.modes.split(',')
    per_run, _ = influence_probe(seeds=seeds, modes=modes, epochs=a.epochs, C=a.C, n_batches=a.n_batches,
                                 bn=tuple(a.bn.split(',')), device=a.device, out=runs)
    pt = {}
    if a.pt_finetune_epochs and 'bilevel' in modes:
        pt = time_progressive_pt(runs, seeds, finetune_epochs=a.pt_finetune_epochs, n_batches=a.n_batches, device=a.device)
    per_run['pt_progressive_seconds'] = per_run.seed.map(pt).where(per_run['mode'] == 'bilevel')
    per_run['pct_of_pt_progressive'] = 100 * per_run.seconds / per_run.pt_progressive_seconds
    agg = summarise_probe(per_run, pct_of_pt_progressive_median=('pct_of_pt_progressive', 'median'))
    per_run.to_csv(f'{out}_per_run.csv', index=False); agg.to_csv(f'{out}_summary.csv', index=False)
    md = markdown(agg, a, pt)
    Path(f'{out}.md').write_text('\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
