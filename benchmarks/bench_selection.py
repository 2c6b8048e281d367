"""Every registered selection criterion, one-shot and progressive, on one short NB201 search over scikit-learn digits.

    python benchmarks/bench_selection.py [--epochs 10] [--out benchmarks/out/selection]

Prints (and writes as CSV) the wall time of each selection and the NAS-Bench-201 CIFAR-10 test accuracy of the cell it
picks. Digits are not CIFAR-10: the accuracies show the pipeline working, not the criteria's merit.
"""
import argparse, time
from pathlib import Path
import pandas as pd

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--epochs', type=int, default=10, help='search epochs')
    ap.add_argument('--channels', type=int, default=8, help='supernet channels C (N=1)')
    ap.add_argument('--n-batches', type=int, default=4, help='search-val batches for scoring')
    ap.add_argument('--out', default='benchmarks/out/selection', help='folder for the run and the table')
    a = ap.parse_args()
    import torch
    from influence_nas.search import search
    from influence_nas.selection import select_run, list_criteria
    torch.set_num_threads(1)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    run = search(out=out / 'digits', overwrite=True, space='nb201', data='digits', supernet_kwargs=dict(C=a.channels, N=1),
                 epochs=a.epochs, batch_size=64, progress=False, device='cpu', seed=0)
    print(f"search: {time.perf_counter() - t0:.1f} s, search-val acc {run.history.val_acc.iloc[-1]:.3f}")
    rows = []
    for crit in list_criteria():
        for progressive in (False, True):
            opts = dict(metric='loss') if crit == 'pt' else {}
            r = select_run(run.path, crit, progressive=progressive, n_batches=a.n_batches, finetune_epochs=1, device='cpu',
                           verbose=False, **opts)
            rows.append(dict(criterion=crit, progressive=progressive, seconds=round(r['result']['seconds'], 2),
                             cifar10_test_acc=round(r['nb201']['cifar10_test_acc'], 2), genotype=r['genotype'].to_string()))
    df = pd.DataFrame(rows)
    df.to_csv(out / 'selection.csv', index=False)
    with pd.option_context('display.max_colwidth', 120, 'display.width', 250): print(df.to_string(index=False))

if __name__ == '__main__': main()
