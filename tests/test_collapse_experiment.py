"The collapse study in miniature: a sweep of `collapse_study.ipynb` (two snapshots, tiny supernet, digits), then its report."
import json
from pathlib import Path
import pandas as pd
import papermill
import yaml
from influence_nas.sweep import run_sweep, load_spec

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs' / 'experiments'

def test_parameters_documented():
    for name in ('collapse_study', 'collapse_report'):
        params = papermill.inspect_notebook(str(NBS / f'{name}.ipynb'))
        assert [k for k, p in params.items() if not p['help']] == [], name
        assert 'results' in params, name

def test_sweep_specs_load():
    for name in ('collapse-cpu', 'collapse-digits', 'collapse-gpu'):
        spec = load_spec(ROOT / 'examples' / 'sweeps' / f'{name}.yaml')
        assert spec.notebook.endswith('collapse_study.ipynb'), name
    assert 'not run' in (ROOT / 'examples' / 'sweeps' / 'collapse-gpu.yaml').read_text()

def test_collapse_sweep_and_report(tmp_path):
    spec = dict(notebook=str(NBS / 'collapse_study.ipynb'), out=str(tmp_path / 'collapse'), workers=2,
                parameters=dict(epochs=2, n_train=128, C=2, snapshot_every=1, n_batches=1, eigen_iters=3, alpha_std=1.0,
                                criteria='magnitude,pt,exact,im_influence'),
                grid=dict(mode=['bilevel', 'fixed']))
    t = run_sweep(spec, progress=False)
    assert t.status.tolist() == ['done', 'done'], t.error.tolist()
    traj = pd.concat([pd.read_csv(p) for p in sorted((tmp_path / 'collapse').glob('*/trajectory.csv'))])
    assert sorted(traj['mode'].unique()) == ['bilevel', 'fixed-random']
    assert sorted(traj.epoch.unique()) == [0, 1, 2] and len(traj) == 2 * 3 * 4
    assert traj.cifar10.between(10, 94.37).all() and traj.param_free.between(0, 6).all() and traj.eigenvalue.notna().all()
    assert (traj[traj.criterion == 'exact'].tau == 1.0).all()
    fixed = traj[(traj['mode'] == 'fixed-random') & (traj.criterion == 'magnitude')]
    assert fixed.genotype.nunique() == 1        # α never moves: magnitude picks the same random cell at every snapshot
    rep = tmp_path / 'report'
    papermill.execute_notebook(str(NBS / 'collapse_report.ipynb'), str(tmp_path / 'report.ipynb'), cwd=str(tmp_path),
                               kernel_name='python3', progress_bar=False,
                               parameters=dict(table=str(tmp_path / 'collapse' / 'results.parquet'), out_dir=str(rep),
                                               results=str(tmp_path / 'r.json')))
    assert {'accuracy_vs_epoch.png', 'param_free_and_eigenvalue.png', 'collapse_table.md', 'collapse_long.csv'} <= {p.name for p in rep.iterdir()}
    rec = json.loads((tmp_path / 'r.json').read_text())
    assert rec['metrics']['n_points'] == 2 and rec['metrics']['seeds'] == 1
    assert 10 <= rec['metrics']['bilevel/magnitude/cifar10'] <= 94.37
