"The NAS-Bench-201 selection study in miniature: a sweep of `nb201_study.ipynb` over seed × mode on digits, then its report."
import json
from pathlib import Path
import pandas as pd
import papermill
import pytest
from conftest import execute_notebook
from influence_nas.sweep import run_sweep

NBS = Path(__file__).resolve().parents[1] / 'nbs' / 'experiments'

def test_parameters_documented():
    for name in ('nb201_study', 'nb201_study_report'):
        params = papermill.inspect_notebook(str(NBS / f'{name}.ipynb'))
        assert [k for k, p in params.items() if not p['help']] == [], name
        assert 'results' in params, name

@pytest.mark.slow
def test_study_sweep_and_report(tmp_path):
    spec = dict(notebook=str(NBS / 'nb201_study.ipynb'), out=str(tmp_path / 'study'), workers=2,
                parameters=dict(epochs=2, n_train=200, C=4, n_batches=2, criteria='magnitude,pt,exact,im_ggn'),
                grid=dict(mode=['bilevel', 'fixed']))
    t = run_sweep(spec, progress=False)
    assert t.status.tolist() == ['done', 'done'], t.error.tolist()
    for c in ('magnitude', 'pt', 'exact', 'im_ggn'):
        assert t[f'{c}_cifar10'].between(10, 94.37).all() and t[f'{c}_cifar10_rank'].between(1, 15625).all(), t
        assert t[f'{c}_param_free'].between(0, 6).all()
    assert (t['exact_tau'] == 1.0).all() and -1 <= t['magnitude_tau'].iloc[0] <= 1   # bilevel; fixed α: θ uniform, τ undefined (NaN)
    assert pd.isna(t['magnitude_tau'].iloc[1]), t['magnitude_tau']
    assert (t['pt_cifar10'] == t['exact_cifar10']).all()          # pt's loss score is exact's: the same cell
    rep = tmp_path / 'report'
    execute_notebook(NBS / 'nb201_study_report.ipynb', tmp_path / 'report.ipynb', tmp_path,
                     table=str(tmp_path / 'study' / 'results.parquet'), out_dir=str(rep), results=str(tmp_path / 'r.json'))
    long = pd.read_csv(rep / 'study_long.csv')
    assert len(long) == 8 and sorted(long['mode'].unique()) == ['bilevel', 'fixed']
    assert {'accuracy.png', 'tau_vs_time.png', 'study_table.md'} <= {p.name for p in rep.iterdir()}
    rec = json.loads((tmp_path / 'r.json').read_text())
    assert rec['metrics']['n_supernets'] == 2 and 10 <= rec['metrics']['bilevel/exact/cifar10'] <= 94.37
