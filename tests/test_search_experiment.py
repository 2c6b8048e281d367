"Run the search experiment notebook through papermill with tiny parameters and check the run directory it writes."
import dataclasses, json
from pathlib import Path
import pytest

import papermill
from conftest import execute_notebook
ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / 'nbs' / 'experiments' / 'search.ipynb'
RUN_FILES = {'config.json', 'history.jsonl', 'costs.csv', 'result.json', 'supernet.pt', 'checkpoints'}
NOT_FIELDS = {'preset', 'overrides', 'out', 'overwrite', 'results'}   # the notebook's parameters that are `search` arguments


def test_parameters_are_searchconfig_fields():
    from influence_nas.config import SearchConfig
    params = papermill.inspect_notebook(str(NB))
    fields = {f.name for f in dataclasses.fields(SearchConfig)}
    assert {'space', 'data', 'epochs', 'order', 'mode', 'seed', 'batch_size', 'supernet_kwargs', 'device', 'out'} <= set(params)
    assert sorted(set(params) - fields - NOT_FIELDS) == []                     # no shortcuts such as C or cells
    assert [k for k, p in params.items() if not p['help'].strip()] == []         # --help-notebook documents each one
    assert [k for k, p in params.items() if p['default'] in ("''", '""', '-1')] == []   # no sentinels: None is "not set"
    assert {k: params[k]['default'] for k in ('out', 'overwrite', 'mode', 'preset', 'data_root')} == \
        dict(out='None', overwrite='False', mode='None', preset='None', data_root='None')


def test_search_experiment(tmp_path):
    order = 2
    tiny = dict(epochs=2, order=order, n_train=160, batch_size=16, steps_per_epoch=2, eval_batches=2, overrides={'lr': 0.05})
    execute_notebook(NB, tmp_path / 'out.ipynb', tmp_path, **tiny)
    runs = list((tmp_path / 'runs' / 'search').iterdir())                    # no `out`: a name derived from the settings
    assert len(runs) == 1 and runs[0].name.startswith(f'nb201-digits-bilevel-o{order}-s0-'), runs
    out = runs[0]
    assert RUN_FILES <= {p.name for p in out.iterdir()}
    assert (out / 'checkpoints' / 'last.pt').is_file()
    assert {'curves.png', 'theta.png', 'costs.png'} <= {p.name for p in (out / 'figures').iterdir()}
    from influence_nas.rundir import RUN_VERSION, load_run
    config = json.loads((out / 'config.json').read_text())
    assert (config['version'], config['order'], config['epochs'], config['n_train'], config['space'], config['lr']) == \
        (RUN_VERSION, order, 2, 160, 'nb201', 0.05)
    assert (config['supernet_kwargs']['C'], config['supernet_kwargs']['N']) == (4, 1)
    history = [json.loads(l) for l in (out / 'history.jsonl').read_text().splitlines()]
    assert [h['epoch'] for h in history] == [0, 1, 2]
    assert all(h['genotype'].startswith('|') and len(h['weights']['cell']) == 6 for h in history)
    result = json.loads((out / 'result.json').read_text())
    assert result['status'] == 'finished' and result['genotype'] == history[-1]['genotype']

    run = load_run(out)
    costs = run.costs
    assert list(costs.columns) == ['epoch', 'split', 'cell_type', 'edge', 'src', 'dst', 'op', 'mean', 'var', 'n']
    assert set(costs.epoch) == {0, 1, 2} and set(costs.split) == {'train', 'val'}
    assert str(run.genotype()) == result['genotype']

    with pytest.raises(papermill.PapermillExecutionError, match='already holds a run'):   # overwrite=False by default
        execute_notebook(NB, tmp_path / 'again.ipynb', tmp_path, **tiny, out=str(out))


@pytest.mark.slow
def test_two_seeds_both_survive(tmp_path):
    "The README's papermill example run for seed 0 then seed 1: two run directories, the first untouched by the second."
    tiny = dict(epochs=1, n_train=100, batch_size=16, steps_per_epoch=1, eval_batches=1)
    def run(seed):
        execute_notebook(NB, tmp_path / f'search-s{seed}.ipynb', tmp_path, seed=seed, **tiny)
    run(0)
    (first,) = (tmp_path / 'runs' / 'search').iterdir()
    before = {p.name: p.read_bytes() for p in first.iterdir() if p.is_file()}
    run(1)
    runs = sorted(p.name for p in (tmp_path / 'runs' / 'search').iterdir())
    assert len(runs) == 2 and [r.split('-s')[1][0] for r in runs] == ['0', '1'], runs
    assert {p.name: p.read_bytes() for p in first.iterdir() if p.is_file()} == before
