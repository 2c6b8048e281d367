"Run the search experiment notebook through papermill with tiny parameters and check the run directory it writes."
import json
from pathlib import Path
import pytest

papermill = pytest.importorskip('papermill')
ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / 'nbs' / 'experiments' / 'search.ipynb'
RUN_FILES = {'config.json', 'history.jsonl', 'costs.csv', 'result.json', 'supernet.pt', 'checkpoints'}


def test_parameters_are_documented():
    params = papermill.inspect_notebook(str(NB))
    assert {'space', 'data', 'epochs', 'order', 'mode', 'seed', 'batch_size', 'device', 'out'} <= set(params)
    undocumented = [k for k, p in params.items() if not p['help'].strip()]
    assert not undocumented, f"parameters without a help comment: {undocumented}"


def test_search_experiment(tmp_path):
    out, order = tmp_path / 'run', 2
    papermill.execute_notebook(
        str(NB), str(tmp_path / 'out.ipynb'), kernel_name='python3', cwd=str(tmp_path), progress_bar=False,
        parameters=dict(epochs=2, order=order, n_train=160, batch_size=16, steps_per_epoch=2, eval_batches=2, out=str(out)))
    assert RUN_FILES <= {p.name for p in out.iterdir()}
    assert (out / 'checkpoints' / 'last.pt').is_file()
    assert {'curves.png', 'theta.png', 'costs.png'} <= {p.name for p in (out / 'figures').iterdir()}
    config = json.loads((out / 'config.json').read_text())
    assert (config['version'], config['order'], config['epochs'], config['n_train'], config['space']) == (1, order, 2, 160, 'nb201')
    history = [json.loads(l) for l in (out / 'history.jsonl').read_text().splitlines()]
    assert [h['epoch'] for h in history] == [0, 1, 2]
    assert all(h['genotype'].startswith('|') and len(h['weights']['cell']) == 6 for h in history)
    result = json.loads((out / 'result.json').read_text())
    assert result['status'] == 'finished' and result['genotype'] == history[-1]['genotype']

    from influence_nas.search import load_run
    run = load_run(out)
    costs = run.costs
    assert list(costs.columns) == ['epoch', 'split', 'cell_type', 'edge', 'src', 'dst', 'op', 'mean', 'var', 'n']
    assert set(costs.epoch) == {0, 1, 2} and set(costs.split) == {'train', 'val'}
    assert str(run.genotype()) == result['genotype']
