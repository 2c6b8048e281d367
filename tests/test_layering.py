"""The package's layering: what reads a run directory does not import the search engine, no module reaches into another's
private names, and no generated module grows past about 700 lines."""
import ast, subprocess, sys
from pathlib import Path
import pytest

PKG = Path(__file__).resolve().parents[1] / 'influence_nas'
MODULES = sorted(p for p in PKG.glob('*.py') if p.name not in ('__init__.py', '_modidx.py'))

@pytest.mark.parametrize('module', ['selection', 'influence', 'wiring', 'rundir', 'measure', 'train', 'config'])
def test_readers_do_not_import_the_search(module):
    code = f"import sys, influence_nas.{module}; print('influence_nas.search' in sys.modules)"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'False', f"importing influence_nas.{module} imports influence_nas.search"

def test_config_and_rundir_import_without_torch():
    code = "import sys, influence_nas.config, influence_nas.rundir; print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert 'torch' not in r.stdout, r.stdout

def _private_imports(path:Path)->list[str]:
    "Names starting with `_` imported from another influence_nas module (top level or inside functions)."
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and (node.level > 0 or node.module.startswith('influence_nas')):
            out += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith('_') and a.name != '__version__']
    return out

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.stem)
def test_no_private_imports(path):
    assert _private_imports(path) == []

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.stem)
def test_modules_stay_small(path):
    n = len(path.read_text().splitlines())
    assert n <= 720, f"{path.name} has {n} lines; split it by concern (about 700 at most)"
