"Run the fidelity experiment notebook through papermill with tiny parameters and check what it writes."
import json
from pathlib import Path

import papermill
from conftest import execute_notebook
ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / 'nbs' / 'experiments' / 'fidelity.ipynb'
TINY = dict(seeds=[0], modes=['bilevel'], bn=['running'], epochs=1, C=4, n_batches=1, estimators=['taylor1', 'im ggn, 1 batch'],
            selection_batches=1, finetune_epochs=0)


def test_parameters_documented():
    params = papermill.inspect_notebook(str(NB))
    assert set(TINY) | {'device', 'out', 'selections'} <= set(params), sorted(params)
    assert [k for k, p in params.items() if not p['help'].strip()] == []        # --help-notebook documents each one


def test_fidelity_experiment(tmp_path):
    out = tmp_path / 'fid'
    execute_notebook(NB, tmp_path / 'out.ipynb', tmp_path, **TINY, out=str(out))
    assert {'per_run.csv', 'summary.csv', 'selections.csv', 'tau.png', 'results.json', 'runs'} <= {p.name for p in out.iterdir()}
    results = json.loads((out / 'results.json').read_text())
    assert (results['parameters']['seeds'], results['parameters']['estimators']) == ([0], TINY['estimators'])
    assert [(r['bn'], r['mode'], r['estimator']) for r in results['summary']] == \
        [('running', 'bilevel', e) for e in ('exact (reference)', *TINY['estimators'])]
    assert results['summary'][0]['tau_median'] == 1.0
    assert [r['n_pairs'] for r in results['per_run']] == [24] * 3                 # every (edge, non-none op) pair
    sel = results['selections']
    assert [(r['criterion'], r['mode']) for r in sel] == [
        ('magnitude', 'one-shot'), ('pt', 'one-shot'), ('exact', 'one-shot'), ('taylor1', 'one-shot'), ('im', 'one-shot'),
        ('im (ggn)', 'one-shot'), ('pt', 'progressive'), ('im', 'progressive')]
    assert all(r['genotype'].startswith('|') and r['cifar10'] is not None for r in sel), sel
