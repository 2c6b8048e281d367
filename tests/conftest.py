"""Test-session settings (one intra-op thread per test worker: pytest -n 2 already uses both cores) and the helpers the
test files share: the console script as a user runs it, a SIGINT-able child, and a papermill run of a notebook."""
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('MKL_NUM_THREADS', '1')
import shutil, signal, subprocess, sys
from pathlib import Path
import torch
torch.set_num_threads(1)

ROOT = Path(__file__).resolve().parents[1]
EXE = shutil.which('influence-nas')


def cmd(*args)->list:
    "The command line of `influence-nas *args`: the installed console script (else the same entry point through python)."
    return [EXE, *args] if EXE else [sys.executable, '-c', 'import sys; from influence_nas.cli import main; sys.exit(main())', *args]


def run_cli(*args, env=None, timeout=300)->subprocess.CompletedProcess:
    "Run `influence-nas *args` to the end; its exit status, stdout and stderr (text)."
    return subprocess.run(cmd(*args), capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


def sigint_default():
    "`preexec_fn` of a child a test interrupts: Ctrl-C's default action, whatever the test runner inherited (it may ignore SIGINT)."
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def execute_notebook(notebook, output, cwd, **parameters):
    "Execute `notebook` with papermill in `cwd` (python3 kernel, no progress bar), writing the executed copy to `output`."
    import papermill
    Path(cwd).mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(str(notebook), str(output), parameters=parameters, cwd=str(cwd), kernel_name='python3',
                                      progress_bar=False)
