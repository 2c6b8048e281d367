"Run every notebook in nbs/ as a test (nbdev's runner), skipping cells flagged `slow` or `cuda`."
import os
from pathlib import Path
import pytest
from nbdev import test as nbdev_test  # not `from ... import test_nb`: pytest would collect it

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / 'nbs').glob('*.ipynb'))
FLAGS = [f for f in ('slow', 'cuda') if f not in os.environ.get('INFLUENCE_NAS_TEST_FLAGS', '').split()]

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook(nb):
    ok, seconds = nbdev_test.test_nb(nb, skip_flags=FLAGS, basepath=ROOT)
    assert ok, f"{nb.name} failed (see the traceback above)"
