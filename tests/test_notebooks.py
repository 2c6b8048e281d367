"Run every notebook in nbs/ as a test (nbdev's runner), skipping cells flagged `slow` or `cuda`."
import os
from pathlib import Path
import pytest
from nbdev import test as nbdev_test  # not `from ... import test_nb`: pytest would collect it

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / 'nbs').glob('*.ipynb'))
FLAGS = [f for f in ('slow', 'cuda') if f not in os.environ.get('INFLUENCE_NAS_TEST_FLAGS', '').split()]

# the package's registries: a notebook run in this process registers its own ops, spaces, criteria, ... again, with
# functions and classes defined in `__main__` (which do not pickle); later tests in the same worker must see the package's
REGISTRIES = [('influence_nas.op_registry', 'OPS'), ('influence_nas.spaces', 'SPACES'), ('influence_nas.families', 'FAMILIES'),
              ('influence_nas.data', 'DATASETS'), ('influence_nas.search', 'SEARCH_MODES'), ('influence_nas.selection', 'CRITERIA'),
              ('influence_nas.influence', 'CURVATURES')]

@pytest.fixture
def package_registries():
    "Snapshot the package's registries before a notebook runs and put them back after it."
    import importlib
    import influence_nas.ops  # noqa: F401  (registers the package's op builders)
    for m in ('supernet', 'genotypes', 'networks', 'nb201'): importlib.import_module(f'influence_nas.{m}')  # each fills in its families' records
    from influence_nas.selection import load_criteria; load_criteria()
    saved = []
    for mod, name in REGISTRIES:
        reg = getattr(importlib.import_module(mod), name)
        saved.append((reg, {k: (dict(v) if isinstance(v, dict) else v) for k, v in reg.items()}))
    yield
    for reg, snap in saved: reg.clear(); reg.update(snap)

SLOW_NOTEBOOKS = ('14_selection', '15_influence', '18_sweep')   # 1.5-4 minutes each on a shared 2-core CPU

@pytest.mark.parametrize('nb', [pytest.param(p, marks=pytest.mark.slow) if p.stem in SLOW_NOTEBOOKS else p for p in NOTEBOOKS],
                         ids=lambda p: p.stem)
def test_notebook(nb, package_registries):
    ok, seconds = nbdev_test.test_nb(nb, skip_flags=FLAGS, basepath=ROOT)
    assert ok, f"{nb.name} failed (see the traceback above)"

ALL_NOTEBOOKS = sorted((ROOT / 'nbs').rglob('*.ipynb'))

@pytest.mark.parametrize('nb', ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / 'nbs')))
def test_cells_compile(nb):
    "Every code cell is valid Python: execnb 0.1.14 skips a cell with a syntax error and still reports success."
    import json
    from IPython.core.inputtransformer2 import TransformerManager
    tm = TransformerManager()
    for i, cell in enumerate(json.loads(nb.read_text())['cells']):
        if cell['cell_type'] != 'code': continue
        src = tm.transform_cell(''.join(cell['source']))   # magics and shell escapes become Python
        try: compile(src, f'{nb.name} cell {i}', 'exec')
        except SyntaxError as e: pytest.fail(f"{nb.name}, code cell {i}: {e.msg} at line {e.lineno}: {e.text!r}")
