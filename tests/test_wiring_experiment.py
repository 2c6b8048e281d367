"Run the wiring experiment notebook through papermill with tiny parameters and check what it found and wrote (outside nbs/)."
import json
from pathlib import Path
import pandas as pd
import pytest

import papermill
from conftest import execute_notebook
ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / 'nbs' / 'experiments' / 'wiring.ipynb'
EPOCHS, N_TRAIN, N_EDGES = 2, 64, 5        # darts_minimal: 5 edges; 64 digits: 32 search-train, 32 search-val
FIGURES = {'ab.png', 'cost_heatmaps_bilevel.png', 'cost_heatmaps_single.png', 'expected_costs.png', 'growth.png',
           'output_cost.png', 'prediction.png', 'shape.png', 'shape_argmax.png', 'strength.png', 'strength_per_edge.png'}


def test_parameters_are_documented():
    params = papermill.inspect_notebook(str(NB))
    assert {'epochs', 'n_train', 'C', 'seeds', 'modes', 'out'} <= set(params), sorted(params)
    undocumented = [k for k, p in params.items() if not p['help'].strip()]
    assert not undocumented, f"parameters without a help comment: {undocumented}"


@pytest.fixture(scope='module')
def experiment(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('wiring')
    out = tmp / 'runs'
    execute_notebook(NB, tmp / 'wiring-out.ipynb', tmp, epochs=EPOCHS, n_train=N_TRAIN, C=4, seeds='0', bands='sd', out=str(out))
    return out, out / 'figs'


def test_searches_finished(experiment):
    out, _ = experiment
    for name in ('single-s0', 'bilevel-s0'):
        result = json.loads((out / name / 'result.json').read_text())
        assert result['status'] == 'finished', (name, result['status'])
        config = json.loads((out / name / 'config.json').read_text())
        assert (config['epochs'], config['n_train'], config['space']) == (EPOCHS, N_TRAIN, 'darts_minimal'), config


def test_findings(experiment):
    _, figs = experiment
    f = pd.read_csv(figs / 'findings.csv').set_index('label')
    assert f.index.tolist() == ['single', 'bilevel']
    assert f.n_runs.tolist() == [1, 1] and f.epoch.tolist() == [EPOCHS] * 2 and f.n_edges.tolist() == [N_EDGES] * 2, f
    assert f.cost_split.to_dict() == {'single': 'train', 'bilevel': 'val'}   # each mode's α is driven by its own split
    assert f.has_none.tolist() == [True, True]
    for lab, r in f.iterrows():
        assert 0 <= r.grow + r.prune <= N_EDGES and 0 <= r.selected <= N_EDGES, (lab, r.grow, r.prune, r.selected)
        assert 0 < r.sign_n <= EPOCHS * N_EDGES and 0 <= r.sign_correct <= r.sign_n, (lab, r.sign_correct, r.sign_n)
        assert r.sign_fraction > 0.5, (lab, r.sign_correct, r.sign_n)   # the unified view predicts the sign far above chance
        assert r.depth >= 1 and r.width >= 1 and 0 < r.input_share <= 1, (lab, r.depth, r.width, r.input_share)
    # the findings are the tables, summarised: growth at the last epoch, signs of the prediction table
    g = pd.read_csv(figs / 'growth.csv')
    last = g[g.epoch == EPOCHS].groupby('label')[['n_grow', 'n_prune', 'n_selected']].mean()
    for lab in f.index:
        assert last.loc[lab].tolist() == [f.loc[lab, 'grow'], f.loc[lab, 'prune'], f.loc[lab, 'selected']], (lab, last.loc[lab])
    p = pd.read_csv(figs / 'prediction.csv')
    assert set(p.epoch) == set(range(1, EPOCHS + 1)), sorted(set(p.epoch))
    correct = p.assign(ok=p.sign_ok == True).groupby('label').ok.sum()
    assert correct.to_dict() == f.sign_correct.to_dict(), (correct.to_dict(), f.sign_correct.to_dict())
    late = pd.read_csv(figs / 'late_change.csv').set_index('label')
    assert late.n_grow.to_dict() == f.grow_late.to_dict(), (late.n_grow.to_dict(), f.grow_late.to_dict())


def test_verdicts_follow_the_findings(experiment):
    _, figs = experiment
    f = pd.read_csv(figs / 'findings.csv').set_index('label')
    v = pd.read_csv(figs / 'verdicts.csv')
    assert list(zip(v.label, v.finding)) == [
        ('single', 'unified view'), ('single', '(1) grow vs prune'), ('single', '(2) wider not deeper'),
        ('bilevel', 'unified view'), ('bilevel', '(1) grow vs prune'), ('bilevel', '(2) wider not deeper'),
        ('bilevel', '(3) no edge selected')], v
    holds = v.set_index(['label', 'finding']).holds
    assert holds['single', 'unified view'] == (f.loc['single', 'sign_fraction'] > 0.5)
    assert holds['single', '(1) grow vs prune'] == (f.loc['single', 'grow'] > f.loc['single', 'prune'])
    assert holds['bilevel', '(1) grow vs prune'] == (f.loc['bilevel', 'prune'] >= f.loc['bilevel', 'grow'])
    assert holds['bilevel', '(3) no edge selected'] == (f.loc['bilevel', 'selected'] == 0)


def test_output_cost(experiment):
    _, figs = experiment
    s = pd.read_csv(figs / 'output_cost_summary.csv')
    n = s.groupby(['label', 'split']).n.sum().to_dict()
    assert n == {(m, sp): N_TRAIN // 2 for m in ('bilevel', 'single') for sp in ('train', 'val')}, n   # every sample once
    correct = s[s.correct]
    assert (correct.mean_output_cost < 0).all(), correct   # a correct prediction never has a positive output cost


def test_figures_written(experiment):
    _, figs = experiment
    pngs = {p.name: p.read_bytes() for p in figs.glob('*.png')}
    assert set(pngs) == FIGURES, sorted(pngs)
    assert [n for n, b in pngs.items() if not b.startswith(b'\x89PNG\r\n\x1a\n') or len(b) < 1000] == []   # real images, not empty files
