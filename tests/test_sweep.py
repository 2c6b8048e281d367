"`influence-nas sweep` as a user runs it: killed with SIGKILL midway, rerun, and nothing finished runs twice."
import json, os, shutil, signal, subprocess, sys, time
from pathlib import Path
import nbformat
import pytest
import pandas as pd

EXE = shutil.which('influence-nas')

def _notebook(path:Path)->Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x:int = 1              # a number\nsleep:float = 0.0      # seconds of work\n"
                                          "results:str = 'results.json'  # where the record goes", metadata={'tags': ['parameters']}),
                nbformat.v4.new_code_cell("import time\nfrom influence_nas.rundir import write_results\nt0 = time.time(); time.sleep(sleep)\n"
                                          "if x < 0: raise ValueError(f'x={x} is negative')\n"
                                          "write_results(results, dict(x=x, sleep=sleep), dict(double=2 * x), t0)")]
    nb.metadata['kernelspec'] = dict(name='python3', display_name='Python 3', language='python')
    nbformat.write(nb, str(path)); return path

def _cli(*args):
    cmd = [EXE, *args] if EXE else [sys.executable, '-c', 'import sys; from influence_nas.cli import main; sys.exit(main())', *args]
    return cmd

@pytest.mark.slow
def test_sigkill_then_resume(tmp_path):
    nb = _notebook(tmp_path / 'work.ipynb')
    spec = tmp_path / 'spec.yaml'
    spec.write_text(f"notebook: {nb}\nout: {tmp_path / 'sw'}\nparameters: {{sleep: 1.0}}\ngrid: {{x: [1, 2, 3, -1]}}\nworkers: 1\n")
    p = subprocess.Popen(_cli('sweep', str(spec), '--no-progress'), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    def done_points():
        return [json.loads(f.read_text()) for f in (tmp_path / 'sw').glob('*/point.json')
                if json.loads(f.read_text())['status'] == 'done']
    while time.time() < deadline and len(done_points()) < 2: time.sleep(0.2)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    first = {r['id']: r['started'] for r in done_points()}
    assert len(first) >= 2, first
    r = subprocess.run(_cli('sweep', str(spec), '--no-progress'), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    t = pd.read_parquet(tmp_path / 'sw' / 'results.parquet')
    assert t.x.tolist() == [1, 2, 3, -1] and t.status.tolist() == ['done', 'done', 'done', 'failed'], t
    assert t.double.tolist()[:3] == [2, 4, 6]
    assert 'x=-1 is negative' in t.error.iloc[3]
    started = dict(zip(t.id, t.started))
    assert {k: started[k] for k in first} == first              # what had finished did not run again
    st = subprocess.run(_cli('sweep', str(spec), '--status'), capture_output=True, text=True, timeout=120)
    assert st.returncode == 0 and "'done': 3" in st.stdout and "'failed': 1" in st.stdout, st.stdout
