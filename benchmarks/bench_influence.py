"""Fidelity and cost of the influence estimators against `exact`, and against progressive `pt`'s total cost.

Not a test. The setting of issue 4's probe (`influence_nas.influence.influence_probe`): an NB201-like supernet (one cell
per stage, C=16) searched `--epochs` epochs on scikit-learn's digits with `influence_nas.search` (bi-level first order,
and α fixed), for each seed; every estimator of `PROBE_ESTIMATORS` scores every (edge, non-none op) pair on all search-val
batches (batch 128) in each BatchNorm mode, against `exact` in the same mode: Kendall τ / Spearman ρ, top-1 agreement
per edge, wall time. Then progressive `pt` (DARTS-PT: 5 fine-tuning epochs between decisions, lr = search lr / 10) is
timed on the bi-level runs with the same scoring batches, so each estimator's time can be put against it.

    python benchmarks/bench_influence.py                       # 3 seeds, both modes, both BN modes, CPU
    python benchmarks/bench_influence.py --device cuda

Writes `<out>_per_run.csv`, `<out>_summary.csv` and `<out>.md` (default benchmarks/out/bench_influence, git-ignored) and
prints the markdown table.
"""
from __future__ import annotations
import argparse, platform, time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', default='0,1,2', help='search seeds, comma-separated')
    p.add_argument('--modes', default='bilevel,fixed', help='search modes: bilevel, fixed, single')
    p.add_argument('--bn', default='batch,running', help="BatchNorm modes of the criteria: batch, running")
    p.add_argument('--epochs', type=int, default=10, help='search epochs')
    p.add_argument('--C', type=int, default=16, help='channels of the first stage')
    p.add_argument('--device', default='cpu', help='cpu or cuda')
    p.add_argument('--threads', type=int, default=1, help='torch intra-op threads (CPU)')
    p.add_argument('--pt-finetune-epochs', type=int, default=5, help='progressive pt: fine-tuning epochs between decisions (0: skip)')
    p.add_argument('--out', default=str(HERE / 'out' / 'bench_influence'), help='output prefix (search runs in <out>_runs)')
    a = p.parse_args(argv)

    import torch, pandas as pd
    from influence_nas.search import load_run
    from influence_nas.selection import progressive_select, _finetune_lr
    from influence_nas.influence import influence_probe
    torch.set_num_threads(a.threads)
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    runs = Path(f'{out}_runs')
    seeds, modes = [int(s) for s in a.seeds.split(',')], a.modes.split(',')
    per_run, _ = influence_probe(seeds, modes, a.epochs, a.C, bn=tuple(a.bn.split(',')), device=a.device, out=runs)
    pt = {}
    if a.pt_finetune_epochs and 'bilevel' in modes:
        for seed in seeds:
            run = load_run(runs / f'bilevel-s{seed}')
            net = run.supernet(device=a.device)
            val = list(run.data_loaders('val', batch_size=128, device=a.device))
            train = run.data_loaders('train', device=a.device)
            lr, lr_min = _finetune_lr(run.config)           # search lr / 10, as select_run
            t0 = time.perf_counter()
            progressive_select(net, val, 'pt', train, a.pt_finetune_epochs, lr=lr, lr_min=lr_min, seed=seed)
            if a.device.startswith('cuda'): torch.cuda.synchronize()
            pt[seed] = time.perf_counter() - t0
            print(f"progressive pt, bilevel seed {seed}: {pt[seed]:.1f}s", flush=True)
    per_run['pt_progressive_seconds'] = per_run.seed.map(pt).where(per_run['mode'] == 'bilevel')
    per_run['pct_of_pt_progressive'] = 100 * per_run.seconds / per_run.pt_progressive_seconds
    agg = per_run.groupby(['bn', 'mode', 'estimator'], sort=False).agg(
        tau_min=('kendall_tau', 'min'), tau_median=('kendall_tau', 'median'), tau_max=('kendall_tau', 'max'),
        rho_median=('spearman_rho', 'median'), top1_median=('top1_agreement', 'median'),
        seconds_median=('seconds', 'median'), time_vs_exact_median=('time_vs_reference', 'median'),
        pct_of_pt_progressive_median=('pct_of_pt_progressive', 'median')).reset_index()
    per_run.to_csv(f'{out}_per_run.csv', index=False); agg.to_csv(f'{out}_summary.csv', index=False)
    dev = torch.cuda.get_device_name() if a.device.startswith('cuda') else f'CPU ({platform.processor() or platform.machine()}), {a.threads} thread(s)'
    pt_med = f"{pd.Series(pt).median():.1f} s" if pt else 'not timed'
    md = [f"Device: {dev}; torch {torch.__version__}; NB201 C={a.C} N=1, {a.epochs} search epochs on digits, seeds {a.seeds}; "
          f"progressive pt ({a.pt_finetune_epochs} fine-tuning epochs per decision): median {pt_med}.", '',
          '| BN | mode | estimator | τ min | τ median | τ max | ρ median | top-1 median | seconds (median) | × exact | % of progressive pt |',
          '|---|---|---|---|---|---|---|---|---|---|---|']
    for r in agg.itertuples():
        pct = r.pct_of_pt_progressive_median
        md.append(f"| {r.bn} | {r.mode} | {r.estimator} | {r.tau_min:.2f} | {r.tau_median:.2f} | {r.tau_max:.2f} | {r.rho_median:.2f} | "
                  f"{r.top1_median:.2f} | {r.seconds_median:.3g} | {r.time_vs_exact_median:.2f} | {'' if pct != pct else f'{pct:.1f}'} |")
    Path(f'{out}.md').write_text('\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__': main()
