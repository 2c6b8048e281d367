"The installed `influence-nas` console script answers, and fails clearly on bad input."
import shutil, subprocess, sys
import pytest

EXE = shutil.which('influence-nas')

def run(*args):
    cmd = [EXE, *args] if EXE else [sys.executable, '-c', 'import sys; from influence_nas.cli import main; sys.exit(main())', *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)

def test_spaces_lists_every_space():
    r = run('spaces')
    assert r.returncode == 0, r.stderr
    for name in ('darts', 'darts_minimal', 's1', 's2', 's3', 's4', 'nb201', 'symbolic'): assert name in r.stdout

def test_data_lists_datasets():
    r = run('data')
    assert r.returncode == 0, r.stderr
    for name in ('digits', 'cifar10', 'cifar100', 'mnist', 'imagefolder'): assert name in r.stdout

def test_unknown_command_fails():
    r = run('frobnicate')
    assert r.returncode == 2 and "unknown command 'frobnicate'" in r.stderr

def test_unknown_space_fails_clearly():
    r = run('spaces', '--space', 'nasnet')
    assert r.returncode != 0 and "unknown search space 'nasnet'" in r.stderr

def test_nb201_lookup_offline():
    r = run('nb201', '6111')
    assert r.returncode == 0, r.stderr
    assert 'NAS-Bench-201 cell 6111' in r.stdout and '94.37' in r.stdout
    r = run('nb201', '|conv~0|')
    assert r.returncode == 1 and "malformed NB201 string" in r.stderr
