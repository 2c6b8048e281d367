"The site's pages in reading order, read from the README's two layout tables (one source for the docs build and its test)."
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _table_after(text:str, heading:str)->list[list[str]]:
    "The rows (cells split on `|`) of the first markdown table after the line starting with `heading`."
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith(heading)), None)
    if start is None: raise ValueError(f"README.md has no line starting with {heading!r}")
    rows, seen = [], False
    for l in lines[start:]:
        if l.startswith('|'): seen = True; rows.append([c.strip() for c in l.strip().strip('|').split('|')])
        elif seen: break
    if len(rows) < 3: raise ValueError(f"README.md: no table with rows after {heading!r}")
    return rows[2:]                                   # without the header and the |---| line


def _names(cell:str)->list[str]:
    "The notebook names written as `code` in one table cell."
    return re.findall(r'`([^`]+)`', cell)


def layout(readme:Path=ROOT / 'README.md')->dict:
    "{'library': [(floor, [names])...], 'experiments': [names]} from README.md's layout tables."
    text = Path(readme).read_text()
    lib = [(r[0], _names(r[1])) for r in _table_after(text, '| floor |')]
    exp = [n for r in _table_after(text, '| experiment |') for n in _names(r[0])]
    return dict(library=lib, experiments=exp)


def reading_order(readme:Path=ROOT / 'README.md')->list[str]:
    "Every page's path without suffix, relative to nbs/: the library notebooks floor by floor, then `experiments/...`."
    l = layout(readme)
    return [n for _, names in l['library'] for n in names] + [f'experiments/{n}' for n in l['experiments']]
