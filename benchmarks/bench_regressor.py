"""Equation discovery (issue #12): SymbolicRegressor, per selection route and criterion, against autora-theorist-darts's DARTSRegressor.

    nice -n 10 python benchmarks/bench_regressor.py [--part all] [--seeds 0,1,2] [--peer-python /tmp/peer_venv/bin/python]

Runs every item of `benchmarks/regressor_suite.py` (the tuning suite and the held-out parts) for every seed through
  - ours: `SymbolicRegressor(seed=s).fit(X, y)` with its defaults (the `refit` route), timed through the public API; then
    the other routes on a supernet trained with the same settings (deterministic: the same supernet), each timed as
    supernet + selection + final refit;
  - the peer: `DARTSRegressor(primitives=<the same 17>)` with its defaults (2 nodes, 10 epochs) and with max_epochs=300,
    in its own virtual environment (`--peer-python`, a subprocess running at the same time as ours, one thread each).
Both see the same data (500 training rows, 500 held-out rows) and the same primitives. A fit is recovered when its
family form (`influence_nas.equations.structure_key`; the peer's output is the sum of every node) equals the item's.
Writes one row per fit to `--out` (CSV; rows of items not rerun are kept, so the suite can run in parts) and prints
the summary table (`summarise`) as markdown, for this run and for every row of `--out`.
"""
from __future__ import annotations
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROUTES = [  # (label, selection, criterion, top_k) besides the default, all on the default's supernet
    ('refit, magnitude, top-2', 'refit', 'magnitude', 2),
    ('refit, im, top-2', 'refit', 'im', 2),
    ('oneshot, magnitude (argmax)', 'oneshot', 'magnitude', None),
    ('oneshot, im', 'oneshot', 'im', None),
    ('oneshot, exact', 'oneshot', 'exact', None),
    ('progressive, magnitude', 'progressive', 'magnitude', None),
]
DEFAULT = 'refit, magnitude, all, parsimony 2, all rows, start grids, simplified, lifts (default)'
RENAMED = {   # rows of earlier defaults, renamed on reading
    'ours: refit, magnitude, all (default)': 'ours: refit, magnitude, all, parsimony 0 (first default)',
    'ours: refit, magnitude, all, parsimony 2 (default)': 'ours: refit, magnitude, all, parsimony 2, held-out choice (second default)',
    'ours: refit, magnitude, all, parsimony 2, chosen on all rows (default)': 'ours: refit, magnitude, all, parsimony 2, chosen on all rows (third default)',
    'ours: refit, magnitude, all, parsimony 2, all rows, start grids, simplified (default)': 'ours: refit, magnitude, all, parsimony 2, all rows, start grids, simplified (fourth default)',
}
PEER_SETTINGS = {'peer: DARTSRegressor defaults': {}, 'peer: DARTSRegressor 300 epochs': {'max_epochs': 300}}

PEER_CODE = r'''
import json, sys, time, warnings
import numpy as np, torch
torch.set_num_threads(1); warnings.filterwarnings('ignore')
spec = json.loads(open(sys.argv[1]).read())
sys.path.insert(0, spec['suite_dir']); import regressor_suite as S
import logging; logging.disable(logging.CRITICAL)
from autora.theorist.darts import DARTSRegressor
out = open(spec['out'], 'w')
for name in spec['items']:
    for seed in spec['seeds']:
        X, y, Xte, yte = S.make_data(name, seed)
        for label, kw in spec['settings'].items():
            torch.manual_seed(seed); np.random.seed(seed)
            t = time.perf_counter()
            try:
                est = DARTSRegressor(primitives=spec['primitives'], **kw).fit(X, y); dt = time.perf_counter() - t
                pred = np.asarray(est.predict(Xte), dtype=float).ravel()
                net = est.model_[0]; genes = net.genotype().normal; n_in = X.shape[1]; steps = net._steps
                ops, g = [], 0
                for i in range(steps):                       # genes of node i: one (op, src) per source 0..n_in+i-1, any order
                    node = dict((src, op) for op, src in genes[g:g + n_in + i]); g += n_in + i
                    ops += [node.get(src, 'none') for src in range(n_in + i)]
                row = dict(ok=True, ops=ops, n_inputs=n_in, n_nodes=steps, r2=float(1 - np.mean((pred - yte) ** 2) / np.var(yte)),
                           seconds=dt, equation=est.model_repr())
            except Exception as e:
                row = dict(ok=False, error=repr(e)[:300], seconds=time.perf_counter() - t)
            out.write(json.dumps(dict(method=label, item=name, seed=seed, **row)) + '\n'); out.flush()
'''

def r2(pred, y): return float(1 - np.mean((pred - y) ** 2) / np.var(y))

def suite():
    "The `regressor_suite` module next to this file."
    if str(HERE) not in sys.path: sys.path.insert(0, str(HERE))
    import regressor_suite
    return regressor_suite

def run_ours(items, seeds, log, routes:bool=True):
    import torch
    from influence_nas.genotypes import SymbolicGenotype
    from influence_nas.regressor import SymbolicRegressor
    from influence_nas.equations import structure_key, check_primitives
    from influence_nas.structure_search import prepare_split, train_symbolic_supernet, select_structure, finish_equation
    S = suite()
    rows = []
    for name in items:
        it = S.item(name)
        for seed in seeds:
            X, y, Xte, yte = S.make_data(name, seed)
            est = SymbolicRegressor(seed=seed)
            t = time.perf_counter(); est.fit(X, y); dt = time.perf_counter() - t
            rows.append(dict(method='ours: ' + DEFAULT, item=name, seed=seed, structure=est.structure_,
                             strict=structure_key(est.genotype_, strict=True), r2=r2(est.predict(Xte), yte), seconds=dt,
                             equation=est.equation(3)))
            log(rows[-1])
            if not routes: continue
            threads = torch.get_num_threads(); torch.set_num_threads(1)
            try:
                with torch.random.fork_rng(devices=[]):
                    torch.manual_seed(seed)
                    t = time.perf_counter()
                    split = prepare_split(X, y, est.val_fraction, seed)
                    net = train_symbolic_supernet(split['xtr'], split['ytr'], split['xva'], split['yva'], primitives=check_primitives(None),
                                                  n_nodes=est.n_nodes, mode=est.mode, epochs=est.epochs, batch_size=est.batch_size,
                                                  lr=est.lr, arch_lr=est.arch_lr, seed=seed, device='cpu')
                    t_sn = time.perf_counter() - t
                    for label, sel, crit, k in ROUTES:
                        t = time.perf_counter()
                        res = select_structure(net, split, selection=sel, criterion=crit, top_k=k, random_restarts=est.random_restarts, seed=seed)
                        m = finish_equation(res['model'], split)
                        dt = t_sn + time.perf_counter() - t
                        with torch.no_grad(): pred = (m(torch.as_tensor(Xte)) * split['scale'] + split['mean']).numpy()
                        rows.append(dict(method='ours: ' + label, item=name, seed=seed, structure=structure_key(m.genotype),
                                         strict=structure_key(m.genotype, strict=True), r2=r2(pred, yte), seconds=dt, equation=''))
                        log(rows[-1])
            finally: torch.set_num_threads(threads)
    return rows

def peer_rows(path):
    from influence_nas.genotypes import SymbolicGenotype
    from influence_nas.equations import structure_key
    rows = []
    for line in Path(path).read_text().splitlines():
        d = json.loads(line)
        if d['ok']:
            g = SymbolicGenotype(d['n_inputs'], d['n_nodes'], d['ops'])
            rows.append(dict(method=d['method'], item=d['item'], seed=d['seed'], structure=structure_key(g, output='all'),
                             strict=structure_key(g, output='all', strict=True), r2=d['r2'], seconds=d['seconds'], equation=d['equation']))
        else: rows.append(dict(method=d['method'], item=d['item'], seed=d['seed'], structure='ERROR ' + d['error'], strict='', r2=np.nan,
                               seconds=d['seconds'], equation=''))
    return rows

def read_results(path)->pd.DataFrame:
    "The rows of a results CSV, earlier defaults' labels made explicit (`RENAMED`)."
    df = pd.read_csv(path); df['method'] = df.method.replace(RENAMED); return df

def summarise(df:pd.DataFrame)->pd.DataFrame:
    "Per method: recovered/fits on each part of the suite (and strict, tanh ≠ logistic), median held-out R², median fit seconds."
    out = []
    for method, g in df.groupby('method', sort=False):
        row = dict(method=method)
        for part in suite().PARTS:
            p = g[g.part == part]
            row[f'{part} recovered'] = f"{int(p.recovered.sum())}/{len(p)} ({100 * p.recovered.mean():.0f}%)" if len(p) else ''
            row[f'{part} strict'] = f"{int(p.recovered_strict.sum())}/{len(p)}" if len(p) else ''
        row['median R²'] = round(float(g.r2.median()), 4)
        row['median fit s'] = round(float(g.seconds.median()), 2)
        out.append(row)
    return pd.DataFrame(out)

def markdown(df:pd.DataFrame)->str:
    "A DataFrame as a markdown table (no tabulate needed)."
    rows = [list(map(str, df.columns))] + [[str(v) for v in r] for r in df.itertuples(index=False)]
    return '\n'.join(['| ' + ' | '.join(rows[0]) + ' |', '|' + '---|' * len(df.columns)] + ['| ' + ' | '.join(r) + ' |' for r in rows[1:]])

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--part', default='all', help="a part of regressor_suite.PARTS (suite, heldout, heldout2, ...) or 'all'")
    ap.add_argument('--routes', action=argparse.BooleanOptionalAction, default=True, help="also the other selection routes (not only the default)")
    ap.add_argument('--items', default=None, help='comma-separated item names (default: every item of --part)')
    ap.add_argument('--seeds', default='0,1,2')
    ap.add_argument('--peer-python', default='/tmp/peer_venv/bin/python', help="python of the peer's virtual environment ('' to skip the peer)")
    ap.add_argument('--out', default=str(HERE / 'regressor_results.csv'))
    a = ap.parse_args()
    S = suite()
    from influence_nas.equations import AUTORA_PRIMITIVES
    items = a.items.split(',') if a.items else S.items(a.part)
    seeds = [int(s) for s in a.seeds.split(',')]
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix='bench_regressor_'))
    proc = None
    if a.peer_python:
        (tmp / 'peer.py').write_text(PEER_CODE)
        (tmp / 'spec.json').write_text(json.dumps(dict(items=items, seeds=seeds, settings=PEER_SETTINGS, primitives=list(AUTORA_PRIMITIVES),
                                                       suite_dir=str(HERE), out=str(tmp / 'peer.jsonl'))))
        proc = subprocess.Popen([a.peer_python, str(tmp / 'peer.py'), str(tmp / 'spec.json')], stdout=subprocess.DEVNULL,
                                stderr=open(tmp / 'peer.err', 'w'), env=dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1'))
    log = lambda r: print(f"{time.perf_counter() - t0:6.0f}s {r['item']} s{r['seed']} {r['method'][:40]:40s} {r['structure'][:50]:50s} "
                          f"R² {r['r2']:.4f} {r['seconds']:.1f}s", flush=True)
    rows = run_ours(items, seeds, log, a.routes)
    if proc is not None:
        if proc.wait() != 0: print((tmp / 'peer.err').read_text()[-3000:], file=sys.stderr)
        rows += peer_rows(tmp / 'peer.jsonl')
    df = pd.DataFrame(rows)
    info = {n: S.item(n) for n in df.item.unique()}
    df['part'] = [info[n]['part'] for n in df.item]
    df['want'] = [info[n]['form'] for n in df.item]
    df['recovered'] = df.structure == df.want
    df['recovered_strict'] = df.strict == [info[n]['strict_form'] for n in df.item]
    print(f"\n{len(df)} fits in {time.perf_counter() - t0:.0f} s, load average {os.getloadavg()[0]:.1f}\n")
    print(markdown(summarise(df)))
    if Path(a.out).exists():          # keep the rows of the (item, method) pairs not rerun: the suite can be run in parts
        old = read_results(a.out)
        rerun = set(zip(df.item, df.method))
        df = pd.concat([old[[k not in rerun for k in zip(old.item, old.method)]], df], ignore_index=True)
    df.to_csv(a.out, index=False)
    print(f"\n{a.out}: {len(df)} rows, items {sorted(df.item.unique())}; all of them:\n")
    print(markdown(summarise(df)))

if __name__ == '__main__': main()
