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
    assert list_criteria() == ['magnitude', 'pt', 'exact', 'taylor1', 'im']
