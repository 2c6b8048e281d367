"""The import graph of the package, built from the source: every import between package modules counts, the ones inside
functions included (a lazy import is still a dependency). The graph has no cycle, and every import points to a module
whose notebook comes earlier in the reading order (`nbs/` sorted by name), so the layering the README describes holds
for lazy imports too."""
import ast, re
from pathlib import Path
import pytest

PKG = Path(__file__).resolve().parents[1] / 'influence_nas'
MODULES = sorted(p.stem for p in PKG.glob('*.py') if p.stem not in ('__init__', '_modidx'))

def imports_of(name:str)->dict[str, int]:
    "Package modules that module `name` imports anywhere in its source -> the first line that does."
    tree, found = ast.parse((PKG / f'{name}.py').read_text()), {}
    def add(mod, line):
        if mod in MODULES and mod != name: found.setdefault(mod, line)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level == 1 or base == 'influence_nas' or base.startswith('influence_nas.'):
                base = base.removeprefix('influence_nas').lstrip('.')
                if base: add(base.split('.')[0], node.lineno)
                else:                                  # `from . import x` / `from influence_nas import x`
                    for a in node.names: add(a.name, node.lineno)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith('influence_nas.'): add(a.name.split('.')[1], node.lineno)
    return found

GRAPH = {m: imports_of(m) for m in MODULES}

def notebook_of(name:str)->str:
    m = re.search(r'File to edit: \.\./nbs/(\S+)\.ipynb', (PKG / f'{name}.py').read_text())
    assert m, f"{name}.py names no notebook"
    return m.group(1)

def find_cycle(graph:dict)->list|None:
    "One cycle of `graph` (module -> imported modules) as a list of modules, or None."
    state, stack = {}, []
    def visit(u):
        state[u] = 'open'; stack.append(u)
        for v in graph[u]:
            if state.get(v) == 'open': return stack[stack.index(v):] + [v]
            if v not in state and (c := visit(v)): return c
        state[u] = 'done'; stack.pop()
    for u in graph:
        if u not in state and (c := visit(u)): return c
    return None

def test_the_graph_is_read_from_the_source():
    "The reader finds relative, absolute and function-level imports (so the checks below can fail)."
    assert 'spaces' in GRAPH['families'] and 'families' in GRAPH['supernet']
    assert 'supernet' in GRAPH['config']             # imported inside `_validate` only
    assert find_cycle({'a': {'b': 1}, 'b': {'c': 1}, 'c': {'a': 1}}) == ['a', 'b', 'c', 'a']
    assert find_cycle({'a': {'b': 1}, 'b': {}}) is None

def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle between package modules: " + ' -> '.join(
        f"{a} (line {GRAPH[a][b]})" for a, b in zip(cycle, cycle[1:])) + f" -> {cycle[-1]}"

@pytest.mark.parametrize('name', MODULES)
def test_imports_point_down_the_reading_order(name):
    up = {m: line for m, line in GRAPH[name].items() if notebook_of(m) > notebook_of(name)}
    assert not up, f"{name} ({notebook_of(name)}) imports modules of later notebooks: " + ', '.join(
        f"{m} ({notebook_of(m)}, line {line})" for m, line in up.items())

def test_selection_criteria_do_not_import_the_search():
    "The criteria modules score a supernet; they never run a search (the fidelity probe, which does, lives elsewhere)."
    def reach(u, seen):
        for v in GRAPH[u]:
            if v not in seen: seen.add(v); reach(v, seen)
        return seen
    for name in ('selection', 'influence', 'im_influence'):
        assert 'search' not in reach(name, set()), f"{name} imports influence_nas.search (directly or through another module)"

FAMILY_ASK = re.compile(r"\.family\s*(?:==|!=|in\b)|isinstance\([^)]*(?:Darts|NB201|Symbolic)(?:Genotype|Supernet|Network)\b|\.kind\s*==\s*['\"]")   # a family by name, a genotype/supernet/network class, a genotype kind
OWNERS = {'families', 'genotypes', 'networks', 'nb201'}   # the record, and the modules whose classes check their own genotype

@pytest.mark.parametrize('name', sorted(set(MODULES) - OWNERS))
def test_family_dispatch_goes_through_the_record(name):
    "Outside the record and the classes' own modules, no module asks a space's family by name or a genotype's class."
    src = (PKG / f'{name}.py').read_text()
    asks = FAMILY_ASK.findall(src)
    assert not asks, f"{name}.py dispatches on the family outside `influence_nas.families`: {asks}"

def test_the_dispatch_check_can_fail():
    bad = "if space.family == 'symbolic': pass\nif isinstance(g, (DartsGenotype, NB201Genotype)): pass\nif g.kind == 'nb201': pass\n"
    assert len(FAMILY_ASK.findall(bad)) == 3 and not FAMILY_ASK.findall("if p.kind == p.VAR_KEYWORD: pass")
