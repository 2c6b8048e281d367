"Every registered selection criterion keeps the shared contract (`influence_nas.selection.check_criterion`)."
import pytest
import torch
from influence_nas.selection import check_criterion, list_criteria

OPTIONS = {'pt': dict(metric='loss')}   # `pt` defaults to accuracy, which the regression supernet has not

@pytest.mark.parametrize('space', ['nb201', 'symbolic'])
@pytest.mark.parametrize('criterion', list_criteria())
def test_criterion_contract(criterion, space):
    torch.set_num_threads(1)
    df = check_criterion(criterion, space, **OPTIONS.get(criterion, {}))
    assert df.criterion.unique().tolist() == [criterion]

def test_the_registry_holds_every_criterion():
    assert list_criteria() == ['magnitude', 'pt', 'exact', 'taylor1', 'im', 'im_influence']

@pytest.mark.parametrize('space,kw', [('nb201', '{"C": 2, "N": 1}'), ('darts', '{"C": 2, "layers": 2}')])
def test_im_influence_selects_from_the_cli(tmp_path, space, kw):
    "`influence-nas select RUN --criterion im_influence --options ...` prints a genotype on NB201 and DARTS runs."
    import json, shutil, subprocess
    run = tmp_path / space
    cli = [shutil.which('influence-nas')]
    subprocess.run(cli + ['search', '--space', space, '--data', 'digits', '--epochs', '1', '--n-train', '32', '--batch-size', '8',
                          '--steps-per-epoch', '1', '--init-cost-batches', '0', '--supernet-kwargs', kw, '--out', str(run),
                          '--no-progress', '--quiet'], check=True, capture_output=True, text=True)
    r = subprocess.run(cli + ['select', str(run), '--criterion', 'im_influence', '--options', '{"inverse": "neumann", "n_batches": 2}',
                              '--no-progress'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert ('|' in r.stdout) if space == 'nb201' else ('Genotype(normal=' in r.stdout), r.stdout
    sel = json.loads((run / 'selection_im_influence.json').read_text())
    assert sel['options']['n_batches'] == 2 and sel['options']['inverse'] == 'neumann'
