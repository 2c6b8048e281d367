"""Every experiment notebook (nbs/experiments/): its parameters cell, and a papermill run with tiny parameters whose
results record is checked value by value; the summary notebook on a table built here and on a two-point sweep."""
import json, math, re
from pathlib import Path
import pytest

import papermill
from conftest import execute_notebook
ROOT = Path(__file__).resolve().parents[1]
EXP = ROOT / 'nbs' / 'experiments'
NOTEBOOKS = ['search', 'select', 'nb201_benchmark', 'symbolic_recovery', 'summary']   # the ones writing a results record
SENTINELS = ("''", '""', '-1', "'none'", "'None'", "'auto_'")
NB201_RANGE = dict(cifar10=(10.0, 94.38), cifar100=(1.0, 73.52), imagenet16=(0.83, 47.32))   # worst and best cells
TINY_NB201 = dict(epochs=1, n_train=160, C=4, batch_size=32, n_batches=1, tau_batches=1)     # a few seconds of work


def run_notebook(name:str, cwd:Path, **parameters)->dict:
    "Execute nbs/experiments/<name>.ipynb in `cwd` with `parameters`; its results record."
    execute_notebook(EXP / f'{name}.ipynb', cwd / f'{name}.out.ipynb', cwd, **parameters)
    return json.loads((cwd / 'results.json').read_text())


def check_record(name:str, rec:dict, given:dict):
    "Finished, every declared parameter echoed (the given ones with their values), the run's facts filled in."
    assert rec['status'] == 'finished', rec['status']
    assert set(rec['parameters']) == set(papermill.inspect_notebook(str(EXP / f'{name}.ipynb'))), sorted(rec['parameters'])
    assert {k: rec['parameters'][k] for k in given} == given
    assert rec['wall_time'] > 0 and rec['device'] == 'cpu' and rec['torch']


def check_nb201(m:dict):
    for k, (lo, hi) in NB201_RANGE.items(): assert lo <= m[k] <= hi, (k, m[k])
    assert 1 <= m['cifar10_rank'] <= 15625


@pytest.mark.parametrize('name', NOTEBOOKS)
def test_parameters_cell(name):
    "One cell tagged `parameters`; every parameter typed, documented and without a sentinel; a `results` parameter; no saved outputs."
    nb = json.loads((EXP / f'{name}.ipynb').read_text())
    tagged = [c for c in nb['cells'] if 'parameters' in c['metadata'].get('tags', [])]
    assert len(tagged) == 1
    params = papermill.inspect_notebook(str(EXP / f'{name}.ipynb'))
    declared = [l.split(':')[0] for l in ''.join(tagged[0]['source']).splitlines() if re.match(r'\w+\s*:', l)]
    assert list(params) == declared                                  # papermill parsed every line (a stray `=` in a comment breaks one)
    assert params['results']['default'] == "'results.json'", params.get('results')
    assert [k for k, p in params.items() if not p['help'].strip()] == []
    assert [k for k, p in params.items() if p['inferred_type_name'] in ('None', '')] == []          # `name: type = value`
    assert [k for k, p in params.items() if p['default'] in SENTINELS] == []                       # None is "not set"
    assert [k for k, p in params.items() if p['inferred_type_name'].startswith('Optional') and 'None' not in p['help']] == []
    assert all(not c.get('outputs') and c.get('execution_count') is None for c in nb['cells'] if c['cell_type'] == 'code')
    assert sum(len(''.join(c['source'])) for c in nb['cells'] if c['cell_type'] == 'markdown') > 400   # prose explains it


def test_search_notebook(tmp_path):
    given = dict(epochs=1, n_train=100, batch_size=16, steps_per_epoch=2, eval_batches=1, out='run')
    rec = run_notebook('search', tmp_path, **given)
    check_record('search', rec, given)
    m = rec['metrics']
    assert m['search_status'] == 'finished' and m['epochs_done'] == 1 and m['search_seconds'] > 0
    assert 0 <= m['train_acc'] <= 1 and 0 <= m['val_acc'] <= 1 and 0 < m['train_loss'] < 10 and 0 < m['val_loss'] < 10
    assert Path(m['run_dir']) == tmp_path / 'run' and m['genotype'] == json.loads((tmp_path / 'run' / 'result.json').read_text())['genotype']
    check_nb201(m)
    from influence_nas.nb201 import nb201_lookup
    assert m['cifar10'] == nb201_lookup(m['genotype'])['cifar10_test_acc']


def test_select_notebook(tmp_path):
    from influence_nas.search import search
    from influence_nas.selection import select_run
    run = search('nb201', out=tmp_path / 'run', progress=False, quiet=True, data='digits', n_train=160,
                 supernet_kwargs=dict(C=4, N=1), epochs=1, batch_size=32, device='cpu')
    given = dict(run_dir=str(run.path), criterion='pt', n_batches=1, options={'metric': 'loss'})
    rec = run_notebook('select', tmp_path / 'sel', **given)
    check_record('select', rec, given)
    m = rec['metrics']
    expected = select_run(run.path, 'pt', n_batches=1, device='cpu', write=False, verbose=False, metric='loss')
    assert m['genotype'] == expected['genotype'].to_string() and m['space'] == 'nb201' and m['run_status'] == 'finished'
    check_nb201(m)
    assert m['cifar10'] == expected['nb201']['cifar10_test_acc'] and 0 < m['selection_seconds'] < 60 and m['decisions'] is None
    assert (tmp_path / 'sel' / 'selection.csv').is_file() and not list(run.path.glob('selection_*'))   # the input run is only read


def test_nb201_benchmark_notebook(tmp_path):
    "With criterion `exact` the τ against `exact` is 1 by construction: the record shows the measurement itself."
    given = dict(TINY_NB201, seed=1, criterion='exact')
    rec = run_notebook('nb201_benchmark', tmp_path, **given)
    check_record('nb201_benchmark', rec, given)
    m = rec['metrics']
    check_nb201(m)
    assert m['genotype'].startswith('|') and m['search_genotype'].startswith('|') and m['search_status'] == 'finished'
    assert m['kendall_tau'] == pytest.approx(1.0) and m['spearman_rho'] == pytest.approx(1.0) and m['top1_agreement'] == 1.0
    assert 0 < m['search_seconds'] < rec['wall_time'] and 0 < m['selection_seconds'] < rec['wall_time']
    assert 0 < m['tau_seconds'] and 0 < m['exact_seconds'] and 0 <= m['train_acc'] <= 1 and 0 <= m['val_acc'] <= 1
    config = json.loads((tmp_path / 'search' / 'config.json').read_text())
    assert (config['seed'], config['epochs'], config['n_train'], config['supernet_kwargs']['C']) == (1, 1, 160, 4)


def test_nb201_benchmark_rejects_a_bad_criterion(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="unknown selection criterion 'nope'"):
        run_notebook('nb201_benchmark', tmp_path, **TINY_NB201, criterion='nope')
    assert not (tmp_path / 'search').exists() and not (tmp_path / 'results.json').exists()   # stopped before the search


def test_symbolic_recovery_notebook(tmp_path):
    "The defaults recover exp(x1) + sigmoid(x2) exactly; a distractor feature is judged too."
    given = dict(n_features=3, criterion='exact')
    rec = run_notebook('symbolic_recovery', tmp_path, **given)
    check_record('symbolic_recovery', rec, given)
    m = rec['metrics']
    assert m['families']['x1'] == dict(true=['exp'], found=['exp']) and m['families']['x2'] == dict(true=['logistic'], found=['logistic'])
    assert m['families']['x3']['true'] == []                                     # not in the target: recovered only if pruned
    assert m['recovered'] == (m['families']['x3']['found'] == []) and m['inputs_recovered'] in (2 / 3, 1.0)
    assert 'exp(x1)' in m['genotype'] and 'logistic(x2)' in m['genotype'] and m['equation'].splitlines()[-1].startswith('y = ')
    assert 0.9 < m['r2'] <= 1 and m['search_seconds'] > 0 and m['selection_seconds'] > 0 and m['search_status'] == 'finished'


def test_summary_notebook_on_a_built_table(tmp_path):
    import numpy as np, pandas as pd
    from scipy import stats
    rows = []
    for seed in range(3):
        for crit, acc, tau in (('magnitude', 88 + seed, -0.2 + 0.1 * seed), ('im', 92 + 0.5 * seed, 0.6)):
            rows.append(dict(id=f'{crit}{seed}', name=f'seed={seed},criterion={crit},target=exp(x1)', status='done', seed=seed,
                             criterion=crit, progressive=False, options='{}', target='exp(x1)', cifar10=acc, cifar10_rank=100 * seed + 1,
                             kendall_tau=tau, tau_seconds=0.1 if crit == 'magnitude' else 2.0, selection_seconds=0.2,
                             recovered=seed != 0 or crit == 'im', r2=0.99, search_seconds=10.0 + seed, error=None, wall_time=15.0 + seed))
    rows.append(dict(id='bad', name='seed=0,criterion=nope', status='failed', seed=0, criterion='nope', error='KeyError: nope'))
    table = pd.DataFrame(rows)
    table.to_parquet(tmp_path / 'results.parquet', index=False)
    given = dict(table=str(tmp_path / 'results.parquet'), out='figs')
    rec = run_notebook('summary', tmp_path / 'summary', **given)
    check_record('summary', rec, given)
    m = rec['metrics']
    assert m['figures'] == ['criteria', 'tau_time', 'recovery', 'search_time']
    assert (m['n_points'], m['n_done'], m['n_failed']) == (7, 6, 1)
    assert m['cifar10_by_criterion'] == pytest.approx({'magnitude': 89.0, 'im': 92.5})
    assert m['recovery_by_target'] == pytest.approx({'exp(x1)': 5 / 6}) and m['search_seconds_mean'] == pytest.approx(11.0)
    figs = tmp_path / 'summary' / 'figs'
    assert {f'{n}.{e}' for n in m['figures'] for e in ('png', 'csv')} <= {p.name for p in figs.iterdir()}
    ci = pd.read_csv(figs / 'criteria.csv', index_col=0)
    half = stats.t.ppf(0.975, 2) * np.std([88, 89, 90], ddof=1) / math.sqrt(3)
    assert ci.loc['magnitude', 'ci_low'] == pytest.approx(89 - half) and ci.loc['magnitude', 'ci_high'] == pytest.approx(89 + half)
    assert list(ci.index) == ['im', 'magnitude'] and list(ci.n) == [3, 3]
    rec_tab = pd.read_csv(figs / 'recovery.csv')
    assert dict(zip(rec_tab.criterion, rec_tab.recovery_rate)) == pytest.approx({'magnitude': 2 / 3, 'im': 1.0})
    out_nb = json.loads((tmp_path / 'summary' / 'summary.out.ipynb').read_text())
    html = [o for c in out_nb['cells'] for o in c.get('outputs', []) if 'text/html' in o.get('data', {})]
    assert sum('data:image/png;base64' in ''.join(o['data']['text/html']) for o in html) == 4   # each figure beside its table


def test_example_sweep_specs():
    "The examples load (their parameters exist in the notebook) and expand to the points they promise."
    from influence_nas.selection import list_criteria
    from influence_nas.sweep import expand_points, load_spec
    import os
    here = os.getcwd(); os.chdir(ROOT)                         # the specs' paths are relative to the repository root
    try: specs = {n: load_spec(ROOT / 'examples' / 'sweeps' / f'{n}.yaml') for n in ('digits-2x2', 'digits-2x2-dask', 'digits-with-a-failure')}
    finally: os.chdir(here)
    a, d, f = specs.values()
    assert [(p['seed'], p['criterion']) for p in expand_points(a)] == [(0, 'magnitude'), (0, 'im'), (1, 'magnitude'), (1, 'im')]
    assert (a.workers, a.executor, d.executor, a.notebook, a.out) == (2, 'local', 'dask', 'nbs/experiments/nb201_benchmark.ipynb', 'runs/sweep')
    assert expand_points(a) == expand_points(d)
    assert [p['criterion'] in list_criteria() for p in expand_points(f)] == [True, False, True]


@pytest.mark.slow
def test_sweep_then_summary(tmp_path):
    "A two-point sweep of the benchmark notebook, then the summary notebook on its results table."
    from influence_nas.sweep import run_sweep
    spec = dict(notebook=str(EXP / 'nb201_benchmark.ipynb'), out=str(tmp_path / 'sweep'), parameters=TINY_NB201,
                grid=dict(criterion=['magnitude', 'taylor1']), workers=2, timeout=300)
    t = run_sweep(spec, progress=False)
    assert t.status.tolist() == ['done', 'done'], t.error.tolist()
    assert t.criterion.tolist() == ['magnitude', 'taylor1'] and (t.epochs == 1).all() and t.name.tolist() == ['criterion=magnitude', 'criterion=taylor1']
    assert t.cifar10.between(*NB201_RANGE['cifar10']).all() and t.kendall_tau.between(-1, 1).all()
    assert (t.search_seconds < t.wall_time).all() and t.genotype.str.startswith('|').all()
    assert len(set(t.search_genotype)) == 1                         # one seed: both points searched the same supernet
    rec = run_notebook('summary', tmp_path / 'summary', table=str(tmp_path / 'sweep' / 'results.parquet'))
    assert rec['metrics']['figures'] == ['criteria', 'tau_time', 'search_time'] and rec['metrics']['n_done'] == 2
    assert rec['metrics']['cifar10_by_criterion'] == pytest.approx(dict(zip(t.criterion, t.cifar10)))
