"""Prepare and execute every notebook for the documentation site; `docs/build.sh` runs this, then Sphinx.

Library notebooks (nbs/*.ipynb) run as the tests run them: working directory nbs/, cells flagged `slow` or `cuda` (or
`eval: false`) shown but not executed. Experiment notebooks (nbs/experiments/) run through papermill with the tests'
tiny parameters (tests/test_*experiment*.py), chained where one reads what another wrote. nbdev's cell directives become
the renderer's tags (`hide`: the cell is not shown; `export`: the code is hidden and an API entry, the signature and the
docments table, is shown after it, as `nbdev_docs` does). An executed notebook is kept under .docs_build/ with a key of its
prepared source and parameters: a rebuild re-executes only the notebooks whose key changed."""
import argparse, hashlib, json, os, re, shutil, sys, time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from pages import reading_order  # noqa: E402

BUILD = ROOT / '.docs_build'          # the prepared notebooks, the executed ones (Sphinx's source), the keys, the doctrees
SRC, KEYS, WORK = BUILD / 'src', BUILD / 'keys', BUILD / 'work'
SKIP_FLAGS = {'slow', 'cuda'}
TIMEOUT = 900                          # seconds a cell may run

# the tests' tiny parameters (tests/test_experiments.py, test_*_experiment.py), one entry per experiment page
TINY_NB201 = dict(epochs=1, n_train=160, C=4, batch_size=32, n_batches=1, tau_batches=1)
EXPERIMENTS = {
    'search': dict(epochs=1, n_train=100, batch_size=16, steps_per_epoch=2, eval_batches=1, out='run'),
    'select': dict(criterion='pt', n_batches=1, options={'metric': 'loss'}),                 # run_dir: the search page's run
    'train': dict(n_train=32, n_test=16, batch_size=16, channels=4, cells=2, device='cpu'),
    'nb201_benchmark': TINY_NB201,                                                           # two points of a sweep
    'summary': dict(),                                                                        # table: that sweep's
    'fidelity': dict(seeds=[0], modes=['bilevel'], bn=['running'], epochs=1, C=4, n_batches=1,
                     estimators=['taylor1', 'im ggn, 1 batch'], selection_batches=1, finetune_epochs=0, out='fid'),
    'nb201_study': dict(epochs=2, n_train=200, C=4, n_batches=2, criteria='magnitude,pt,exact,im_ggn'),   # a sweep over mode
    'nb201_study_report': dict(out_dir='report'),                                             # table: that sweep's
    'collapse_study': dict(epochs=2, n_train=128, C=2, snapshot_every=1, n_batches=1, eigen_iters=3, alpha_std=1.0,
                           criteria='magnitude,pt,exact,im_influence'),                      # a sweep over mode
    'collapse_report': dict(out_dir='report'),                                                # table: that sweep's
    'wiring': dict(epochs=2, n_train=64, C=4, seeds='0', bands='sd', out='runs'),
    'symbolic_recovery': dict(n_features=3, criterion='exact'),
}
SWEEPS = {'nb201_benchmark': dict(criterion=['magnitude', 'taylor1']), 'nb201_study': dict(mode=['bilevel', 'fixed']),
          'collapse_study': dict(mode=['bilevel', 'fixed'])}
READS = {'select': 'search', 'summary': 'nb201_benchmark', 'nb201_study_report': 'nb201_study', 'collapse_report': 'collapse_study'}   # page -> the page it reads

# shown on the site in place of `nbdev.showdoc.show_doc`: signature, docstring and the docments table, no external link
SITE_SETUP = '''\
import inspect as _inspect, re as _re, sys as _sys
import matplotlib.pyplot as _plt
from IPython.display import display as _display
_plt_close = _plt.close
def _show_then_close(fig=None):
    "The site shows the figures a notebook's own code closes (its tests draw, check and close them); others just close."
    if _sys._getframe(1).f_globals.get('__name__') == '__main__':
        figs = [_plt.figure(n) for n in _plt.get_fignums()] if fig in (None, 'all') else [fig] if hasattr(fig, 'savefig') else []
        for f in figs: _display(f)
    return _plt_close(fig) if fig is not None else _plt_close()
_plt.close = _show_then_close
def _esc(s:str)->str:
    "Markdown text with `<` and `>` outside code spans escaped (a docstring's `<class>` is not HTML)."
    parts = _re.split(r'(`[^`]*`)', s)
    return ''.join(p if p.startswith('`') else p.replace('<', '&lt;').replace('>', '&gt;') for p in parts)
from fastcore.docments import DocmentTbl as _DocmentTbl, ShowDocRenderer as _ShowDocRenderer, _maybe_nm
class _SiteDoc:
    "An API entry on the site: heading, signature, docstring, parameter table."
    def __init__(self, sym, name=None, title_level=3):
        try: r = _ShowDocRenderer(sym, name=name, title_level=title_level); self.sym, self.nm, self.sig, self.docs = r.sym, r.nm, r.sig, r.docs
        except Exception:        # e.g. an annotation naming what only a function body imports: the signature unevaluated
            self.sym, self.nm, self.docs = sym, name or getattr(sym, '__qualname__', str(sym)), _inspect.getdoc(sym)
            try: self.sig = _inspect.signature(sym)
            except (ValueError, TypeError): self.sig = None
        self.title_level = title_level
    def _repr_markdown_(self):
        kind, sig = ('class ' if _inspect.isclass(self.sym) else ''), self.sig
        if sig is None: code = f'{kind}{self.nm}'
        else:
            ps = [str(p).replace('__main__.', '') for p in sig.parameters.values() if p.name != 'self']
            ra = sig.return_annotation
            ret = '' if ra is _inspect.Signature.empty or kind or ra is None else ' -> ' + _inspect.formatannotation(ra).replace('__main__.', '')
            one = f"{kind}{self.nm}({', '.join(ps)}){ret}"
            code = one if len(one) <= 100 else f"{kind}{self.nm}(\\n" + ''.join(f'    {p},\\n' for p in ps) + f"){ret}"
        md = f"{'#' * self.title_level} {self.nm}\\n\\n```python\\n{code}\\n```\\n"
        if self.docs: md += f"\\n{_esc(self.docs)}\\n"
        try: tbl = _table(self.sym)
        except Exception: tbl = ''
        return md + (f"\\n{tbl}\\n" if tbl else '')
def _table(sym)->str:
    "fastcore's docments table, each cell escaped (`str | Path` is one cell, not two)."
    t = _DocmentTbl(sym)
    if not t.has_docment: return ''
    cell = lambda o: _esc(_maybe_nm(o)).replace('|', '\\\\|')
    hdr = ['  '] + [f'**{v}**' for v in t._columns.values()]
    rows = [hdr, ['--'] * len(hdr)] + [[cell(x) for x in r] for r in t._row_list]
    if t.has_return: rows.append(['**Returns**'] + [f'**{v}**' if (v := cell(t.dm["return"][c])) else '' for c in t._columns])
    return '\\n'.join('| ' + ' | '.join(r) + ' |' for r in rows)
def show_doc(sym, renderer=None, name=None, title_level=3): return _SiteDoc(sym, name=name, title_level=title_level)
'''

_re_directive = re.compile(r'^\s*#\|\s*([\w-]+:?)\s*(.*)$')


def directives(src:str)->dict:
    "nbdev's `#| name value` lines at the top of a cell: {name: value}."
    out = {}
    for line in src.splitlines():
        m = _re_directive.match(line)
        if not m:
            if line.strip(): break
            continue
        out[m.group(1)] = m.group(2).strip()
    return out


def _exported_names(src:str)->list[str]:
    "Public functions and classes a cell defines (what `nbdev_docs` documents after an `export` cell)."
    import ast
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and (not n.name.startswith('_') or n.name.startswith('__'))]


def _strip_directives(src:str, keep=()) -> str:
    "The cell's source without its `#|` lines (those naming a flag in `keep` stay: they say why there is no output)."
    lines = src.splitlines()
    out = [l for l in lines if not (m := _re_directive.match(l)) or m.group(1) in keep]
    return '\n'.join(out).strip('\n')


def prepare(path:Path, rel:str)->nbformat.NotebookNode:
    "The notebook as the site shows it: nbdev's directives turned into tags, API entries added, language set."
    nb = nbformat.read(path, as_version=4)
    cells, library = [], not rel.startswith('experiments/')
    if library: cells.append(nbformat.v4.new_code_cell(SITE_SETUP, metadata=dict(tags=['remove-cell'])))
    for c in nb.cells:
        if c.cell_type == 'markdown':
            up = '../' * rel.count('/')            # benchmarks/ is a folder of the site, beside the pages of nbs/
            c.source = c.source.replace(f'](../{up}benchmarks/', f']({up}benchmarks/')
            cells.append(c); continue
        if c.cell_type != 'code': cells.append(c); continue
        d, tags = directives(c.source), list(c.metadata.get('tags', []))
        flags = SKIP_FLAGS & d.keys()
        if flags or d.get('eval:', '').lower() == 'false': tags.append('skip-execution')
        if 'hide' in d or 'default_exp' in d or 'exporti' in d or d.get('include:', '').lower() == 'false': tags.append('remove-cell')
        elif 'export' in d or d.get('echo:', '').lower() == 'false': tags.append('remove-input')
        if d.get('output:', '').lower() == 'false': tags.append('remove-output')
        c.source = _strip_directives(c.source, keep=SKIP_FLAGS)
        c.metadata = dict(tags=tags) if tags else {}
        if not c.source.strip() and 'remove-cell' not in tags: continue
        cells.append(c)
        if library and ('export' in d or 'exports' in d) and 'hide' not in d:
            cells += [nbformat.v4.new_code_cell(f'show_doc({n})', metadata=dict(tags=['remove-input']))
                      for n in _exported_names(c.source)]
    if not library:                    # after the title cell: what the numbers on this page are
        note = nbformat.v4.new_markdown_cell(
            "```{note}\nOn this site the notebook ran with the tests' tiny parameters (the *injected-parameters* cell after "
            "the parameters cell), so its numbers show what it computes, not a result: measured results are in "
            "[benchmarks/RESULTS.md](../benchmarks/RESULTS.md).\n```")
        first_md = next((i for i, c in enumerate(cells) if c.cell_type == 'markdown'), -1)
        cells.insert(first_md + 1, note)
    if rel == 'index': cells.append(_toctree())
    nb.cells = cells
    for i, c in enumerate(nb.cells): c['id'] = f'cell-{i}'            # fixed ids: the key changes only with the content
    nb.metadata = dict(kernelspec=dict(name='python3', display_name='Python 3', language='python'),
                       language_info=dict(name='python', pygments_lexer='ipython3'))
    return nb


def _toctree()->nbformat.NotebookNode:
    "The site's navigation, in the README's reading order (a markdown cell of the index page only)."
    order = reading_order()
    lib, exp = [p for p in order if not p.startswith('experiments/')], [p for p in order if p.startswith('experiments/')]
    tree = lambda caption, ps: f"```{{toctree}}\n:caption: {caption}\n:hidden:\n\n" + '\n'.join(ps) + "\n```\n"
    return nbformat.v4.new_markdown_cell(tree('Library', lib) + '\n' + tree('Experiments', exp) + '\n' +
                                         tree('Results', ['benchmarks/RESULTS']))


def _key(*parts)->str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _write_if_changed(path:Path, text:str):
    "Write only when the text differs, so that Sphinx rereads only what changed."
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text: path.write_text(text)


def _finish(nb, rel:str, key:str):
    "Store an executed notebook as Sphinx's source, and its key."
    nb.metadata.pop('papermill', None)
    for c in nb.cells: c.metadata.pop('papermill', None); c.metadata.pop('execution', None)
    _write_if_changed(SRC / f'{rel}.ipynb', nbformat.writes(nb))
    _write_if_changed(KEYS / f'{rel}.key', key)


def _cached(rel:str, key:str)->bool:
    k = KEYS / f'{rel}.key'
    return k.exists() and k.read_text() == key and (SRC / f'{rel}.ipynb').exists()


def _last_line(e:Exception)->str:
    "The last line of an execution error, without terminal colours."
    lines = [l for l in re.sub(r'\x1b\[[0-9;]*m', '', str(e)).splitlines() if l.strip()]
    return lines[-1] if lines else repr(e)


def run_library(rel:str, nb_json:str, key:str)->tuple[str, float, bool]:
    "Execute one library notebook in nbs/ (as the tests do); (name, seconds, executed)."
    if _cached(rel, key): return rel, 0.0, False
    from nbclient import NotebookClient
    t0 = time.perf_counter()
    nb = nbformat.reads(nb_json, as_version=4)
    try: NotebookClient(nb, timeout=TIMEOUT, kernel_name='python3', skip_cells_with_tag='skip-execution',
                        resources=dict(metadata=dict(path=str(ROOT / 'nbs')))).execute()
    except Exception as e: raise RuntimeError(f"{rel}: {_last_line(e)}") from None
    _finish(nb, rel, key)
    return rel, time.perf_counter() - t0, True


def _papermill(src:Path, out:Path, cwd:Path, parameters:dict):
    import papermill
    cwd.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(src), str(out), parameters=parameters, cwd=str(cwd), kernel_name='python3', progress_bar=False)


def run_experiment(name:str, prepared:Path, key:str, upstream:str|None, force:bool=False)->tuple[str, float, bool]:
    "Execute one experiment notebook with the tests' tiny parameters (a two-point sweep for SWEEPS); (name, seconds, executed)."
    rel = f'experiments/{name}'
    if not force and _cached(rel, key): return rel, 0.0, False
    t0 = time.perf_counter()
    work = WORK / name
    if work.exists(): shutil.rmtree(work)
    work.mkdir(parents=True)
    params = dict(EXPERIMENTS[name])
    if name == 'select': params['run_dir'] = str(WORK / 'search' / EXPERIMENTS['search']['out'])
    if name == 'summary': params['table'] = str(WORK / 'nb201_benchmark' / 'sweep' / 'results.parquet')
    if name == 'nb201_study_report': params['table'] = str(WORK / 'nb201_study' / 'sweep' / 'results.parquet')
    if name == 'collapse_report': params['table'] = str(WORK / 'collapse_study' / 'sweep' / 'results.parquet')
    if name in SWEEPS:                 # the page shows the sweep's first point; the next page reads the sweep's table
        from influence_nas.sweep import run_sweep
        t = run_sweep(dict(notebook=str(prepared), out=str(work / 'sweep'), parameters=params, grid=SWEEPS[name], workers=1,
                           timeout=TIMEOUT), progress=False)
        if not (t.status == 'done').all(): raise RuntimeError(f"{name}: sweep points failed: {t.error.tolist()}")
        out = work / 'sweep' / t.id.iloc[0] / 'notebook.ipynb'
    else:
        out = work / f'{name}.ipynb'
        try: _papermill(prepared, out, work, params)
        except Exception as e: raise RuntimeError(f"{rel}: {_last_line(e)}") from None
    _finish(nbformat.read(out, as_version=4), rel, key)
    return rel, time.perf_counter() - t0, True


def main(jobs:int=2, only:list|None=None):
    t0 = time.perf_counter()
    order = reading_order()
    pages = ['index'] + order
    if only: pages = [p for p in pages if p in only]
    (BUILD / 'prepared' / 'experiments').mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    os.environ['PYTHONPATH'] = os.pathsep.join([str(ROOT)] + [p for p in env.get('PYTHONPATH', '').split(os.pathsep) if p])
    os.environ.setdefault('INFLUENCE_NAS_SHARED', str(ROOT.parent / 'shared' / 'data'))
    lib, exps, keys = [], [], {}
    for rel in pages:
        nb = prepare(ROOT / 'nbs' / f'{rel}.ipynb', rel)
        text = nbformat.writes(nb)
        if rel.startswith('experiments/'):
            name = rel.split('/', 1)[1]
            prepared = BUILD / 'prepared' / f'{rel}.ipynb'
            _write_if_changed(prepared, text)
            up = READS.get(name)
            keys[name] = _key(text, EXPERIMENTS[name], SWEEPS.get(name), keys.get(up) if up else None)
            exps.append((name, prepared, keys[name], up))
        else: lib.append((rel, text, _key(text)))
    done, failed = [], []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # the experiment chains first (the longest), each chain in one worker; then the library notebooks
        chains, futs = {}, []
        for e in exps:
            head = e[3] if e[3] else e[0]
            chains.setdefault(head, []).append(e)
        for chain in chains.values(): futs.append(pool.submit(_run_chain, chain))
        for l in lib: futs.append(pool.submit(run_library, *l))
        for f in as_completed(futs):
            try:
                for rel, secs, ran in (r if isinstance(r := f.result(), list) else [r]):
                    done.append((rel, secs, ran))
                    print(f"  {rel}: {'executed in %.0f s' % secs if ran else 'cached'}", flush=True)
            except Exception as e:              # noqa: BLE001  (report every failing notebook, then fail)
                failed.append(str(e))
                print(f"  FAILED {failed[-1][:2000]}", flush=True)
    if only is None: _stage_extras()
    n_ran = sum(r for _, _, r in done)
    print(f"executed {n_ran} of {len(pages)} notebooks ({len(pages) - n_ran} cached) in {time.perf_counter() - t0:.0f} s")
    if failed: sys.exit(f"{len(failed)} notebook(s) failed to execute")


def _run_chain(chain:list)->list:
    "Run an experiment and those that read what it wrote; it reruns when a reader must run and its output folder is gone."
    head, readers = chain[0], chain[1:]
    stale = any(not _cached(f'experiments/{e[0]}', e[2]) for e in readers)
    force = stale and not (WORK / head[0]).exists()
    return [run_experiment(*head, force=force)] + [run_experiment(*e) for e in readers]


def _stage_extras():
    "benchmarks/RESULTS.md and its figures, a page of the site (the index links to it)."
    dst = SRC / 'benchmarks'
    dst.mkdir(parents=True, exist_ok=True)
    _write_if_changed(dst / 'RESULTS.md', (ROOT / 'benchmarks' / 'RESULTS.md').read_text())
    figs = dst / 'figures'
    figs.mkdir(exist_ok=True)
    for p in sorted((ROOT / 'benchmarks' / 'figures').glob('*')):
        q = figs / p.name
        if not q.exists() or q.read_bytes() != p.read_bytes(): shutil.copyfile(p, q)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--jobs', type=int, default=2, help='notebooks executed at once')
    ap.add_argument('--only', nargs='*', help='pages to execute (paths relative to nbs/, no suffix); default all')
    a = ap.parse_args()
    main(a.jobs, a.only)
