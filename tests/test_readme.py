"README.md against the repository: the layout tables name exactly the notebooks in nbs/, floors follow the imports, the index agrees."
import ast, json, os, re, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'docs'))
from pages import layout, reading_order  # noqa: E402

README = (ROOT / 'README.md').read_text()


def test_layout_table_names_every_library_notebook():
    named = [n for _, names in layout()['library'] for n in names]
    assert len(named) == len(set(named)), f"named twice: {sorted(n for n in named if named.count(n) > 1)}"
    on_disk = sorted(p.stem for p in (ROOT / 'nbs').glob('*.ipynb') if p.stem != 'index')
    assert sorted(named) == on_disk, (f"in README, not in nbs/: {sorted(set(named) - set(on_disk))}; "
                                      f"in nbs/, not in README: {sorted(set(on_disk) - set(named))}")


def test_experiment_table_names_every_experiment_notebook():
    named = layout()['experiments']
    on_disk = sorted(p.stem for p in (ROOT / 'nbs' / 'experiments').glob('*.ipynb'))
    assert sorted(named) == on_disk and len(named) == len(set(named)), (named, on_disk)


def _module(nb:Path)->str|None:
    "The module a notebook exports to (its `#| default_exp`), if any."
    for c in json.loads(nb.read_text())['cells']:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
        if m: return m.group(1)
    return None


def _top_level_imports(module:str)->set:
    "The influence_nas modules a generated module imports when it is imported (not those imported inside functions)."
    tree = ast.parse((ROOT / 'influence_nas' / f'{module}.py').read_text())
    out = set()
    for n in tree.body:
        if isinstance(n, ast.ImportFrom) and n.module:
            if n.level: out.add(n.module.split('.')[0])
            elif n.module.startswith('influence_nas.'): out.add(n.module.split('.')[1])
        elif isinstance(n, ast.Import): out |= {a.name.split('.')[1] for a in n.names if a.name.startswith('influence_nas.')}
    return out


def test_floors_follow_the_imports():
    "Floors rise in reading order, and each notebook's module imports only modules of notebooks read before it."
    floors = [int(f) for f, _ in layout()['library']]
    assert floors == sorted(floors) and len(set(floors)) == len(floors), floors
    order = [n for _, names in layout()['library'] for n in names]
    module_of = {n: _module(ROOT / 'nbs' / f'{n}.ipynb') for n in order}
    position = {m: i for i, m in enumerate(module_of[n] for n in order)}
    late = [(n, m) for i, n in enumerate(order) if module_of[n]
            for m in sorted(_top_level_imports(module_of[n])) if m in position and position[m] >= i]
    assert late == [], f"notebooks importing a module of one at or after them in the README's order: {late}"


def test_the_old_misplacement_is_caught():
    "The check above sees a real case: nb201 imports genotypes, so 04_nb201 must come after 03_genotypes."
    assert 'genotypes' in _top_level_imports('nb201')
    order = reading_order()
    assert order.index('03_genotypes') < order.index('04_nb201')


def _index_cells()->list[str]:
    return [''.join(c['source']) for c in json.loads((ROOT / 'nbs' / 'index.ipynb').read_text())['cells']]


def test_index_maps_the_notebooks_in_reading_order():
    text = '\n'.join(_index_cells())
    linked = re.findall(r'\]\(((?:experiments/)?[\w]+)\.ipynb\)', text)
    assert linked == reading_order(), linked


def test_index_shows_the_readme_commands():
    first_block = README.split('```bash\n', 1)[1].split('```', 1)[0]
    assert len(first_block.strip().splitlines()) == 2
    assert any(f'```bash\n{first_block}```' in c for c in _index_cells())


def test_readme_states_the_docs_command():
    assert re.search(r'^## Documentation', README, re.M) and 'bash docs/build.sh' in README


def test_quickstart_time_agrees_with_help():
    "README states the quickstart's time; where `--help` states one too, they are the same."
    m = re.search(r'About (\d+) s on an idle 2-core CPU', README)
    assert m, "README.md no longer states the quickstart's time"
    for args in (['quickstart', '--help'], ['--help']):   # the command's own help, and its line in the list of commands
        code = f"import sys; from influence_nas.cli import main; sys.argv = ['influence-nas', *{args!r}]; sys.exit(main())"
        r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                           env={**os.environ, 'PYTHONPATH': str(ROOT)})
        assert r.returncode == 0, r.stderr
        text = ' '.join(r.stdout.split())
        if args == ['--help']: text = next(l for l in r.stdout.splitlines() if l.strip().startswith('quickstart'))
        assert not re.search(r'~\s*\d+\s*min', text), text
        stated = re.findall(r'(?:about|About|~)\s*(\d+)\s*s\b', text)
        assert stated in ([], [m.group(1)]), (args, stated, m.group(1))


def test_license_is_apache2():
    text = (ROOT / 'LICENSE').read_text()
    assert 'Apache License' in text and 'Version 2.0, January 2004' in text and 'END OF TERMS AND CONDITIONS' in text
    assert re.search(r'^license\s*=\s*apache2$', (ROOT / 'settings.ini').read_text(), re.M)
    assert 'include LICENSE' in (ROOT / 'MANIFEST.in').read_text()


def test_notebooks_committed_without_outputs():
    "README's decision: outputs live in the site only; a committed notebook has none."
    with_outputs = [f"{nb.relative_to(ROOT)} cell {i}" for nb in sorted((ROOT / 'nbs').rglob('*.ipynb'))
                    for i, c in enumerate(json.loads(nb.read_text())['cells'])
                    if c['cell_type'] == 'code' and (c.get('outputs') or c.get('execution_count') is not None)]
    assert with_outputs == [], with_outputs[:10]
