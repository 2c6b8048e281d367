"The installed `influence-nas` console script, run as a user runs it: exit statuses, messages, options, start-up."
import dataclasses, json, os, re, shutil, signal, subprocess, sys, time
from pathlib import Path
import pytest
from conftest import cmd, run_cli as run, sigint_default

TINY = ['--space', 'nb201', '--data', 'digits', '--n-train', '100', '--steps-per-epoch', '2', '--batch-size', '8',
        '--no-progress', '--supernet-kwargs', '{"C": 4, "N": 1}', '--eval-batches', '1']


# (arguments, exit status, words expected in stderr; a `{tmp}` in an argument is the test's temporary folder)
FAILURES = [
    (['frobnicate'], 2, ["unknown command 'frobnicate'", 'commands:']),
    (['serach'], 2, ["did you mean 'search'?"]),
    ([], 2, ['no command given']),
    (['--verbose', 'spaces'], 2, ["unknown option '--verbose'"]),
    (['spaces', '--space', 'nasnet'], 1, ["influence-nas spaces: error: unknown search space 'nasnet'"]),
    (['spaces', '--spaec', 's1'], 2, ['influence-nas spaces: error: unrecognized arguments: --spaec s1']),
    (['search', '--epochs', 'ten'], 2, ["influence-nas search: error: argument --epochs: invalid int value: 'ten'"]),
    (['search', '--batch', '8'], 2, ['unrecognized arguments: --batch 8']),                        # no abbreviations
    (['search', '--arch-betas', '0.9'], 2, ['argument --arch-betas: expected 2 arguments']),
    (['search', '--supernet-kwargs', '{C: 4}'], 2, ['argument --supernet-kwargs: not valid JSON', 'double-quoted']),
    (['search', '--supernet_kwargs', '[4]'], 2, ['argument --supernet-kwargs: must be a JSON object']),
    (['search', '--overrides', '{bad'], 2, ['argument --overrides: not valid JSON']),
    (['search', '--space', 'nasnet', '--out', '{tmp}/r'], 1, ['influence-nas search: error: unknown search space', "'nasnet'"]),
    (['search', '--space', 'nb201', '--lr', '-1', '--out', '{tmp}/r'], 1, ['influence-nas search: error: lr must be a finite number in (0']),
    (['search', '--space', 'nb201', '--mode', 'trilevel', '--out', '{tmp}/r'], 1, ["mode='trilevel'; allowed:"]),
    (['search', '--overrides', '{"epoch": 3}', '--out', '{tmp}/r'], 1, ["unknown search setting 'epoch'"]),
    (['select', '{tmp}/no-such-run'], 1, ['influence-nas select: error:', 'no-such-run']),
    (['select'], 2, ['the following arguments are required: run_dir']),
    (['select', '{tmp}', '--n-batches', 'x'], 2, ["argument --n-batches: invalid int value: 'x'"]),
    (['select', '{tmp}', '--n-batches', '0'], 1, ['influence-nas select: error: n_batches must be an int >= 1 or None, got 0']),   # SelectConfig checks it
    (['select', '{tmp}', '--finetune-epochs', '-2'], 1, ['influence-nas select: error: finetune_epochs must be an int >= 0']),
    (['select', '{tmp}', '--options', '[1]'], 2, ['argument --options: must be a JSON object']),
    (['select', '{tmp}', '--options', '{"n_batches": 0}'], 1, ['n_batches must be an int >= 1 or None, got 0']),   # im_influence's N, said in --options
    (['wiring'], 2, ['the following arguments are required: runs']),
    (['nb201'], 2, ['the following arguments are required: arch']),
    (['nb201', '|conv~0|'], 1, ['influence-nas nb201: error: malformed NB201 string']),
]

@pytest.mark.parametrize('args,status,words', FAILURES, ids=[' '.join(a) or '(none)' for a, _, _ in FAILURES])
def test_failures_are_one_clear_message(tmp_path, args, status, words):
    r = run(*[a.replace('{tmp}', str(tmp_path)) for a in args])
    assert r.returncode == status, r.stderr
    assert [w for w in words if w not in r.stderr] == [], r.stderr
    assert 'Traceback' not in r.stderr
    if status == 1: assert len(r.stderr.strip().splitlines()) == 1, r.stderr     # one line, no usage


@pytest.mark.parametrize('args,env', [(['--debug', 'spaces', '--space', 'nasnet'], {}),
                                      (['spaces', '--space', 'nasnet'], {'INFLUENCE_NAS_DEBUG': '1'})])
def test_debug_shows_the_traceback(args, env):
    r = run(*args, env=env)
    assert r.returncode == 1 and 'Traceback' in r.stderr and "unknown search space 'nasnet'" in r.stderr, r.stderr


# (arguments, words expected in stdout)
ANSWERS = [
    (['--help'], ['usage: influence-nas', 'spaces', 'data', 'search', 'select', 'nb201', 'wiring', '--debug']),
    (['spaces'], ['darts', 'darts_minimal', 's1', 's2', 's3', 's4', 'nb201', 'symbolic']),
    (['spaces', '--space', 's1'], ['reduce  edge  4 (2->3): skip_connect dil_conv_5x5']),
    (['data'], ['digits', 'cifar10', 'cifar100', 'mnist', 'imagefolder']),
    (['nb201', '6111'], ['NAS-Bench-201 cell 6111', '94.37']),
    (['select', '--help'], ['run_dir', '--n-batches INT', '--batch-size INT', '--no-topology', '--train-alpha, --no-train-alpha']),
    (['wiring', '--help'], ['runs [runs ...]', '--figures, --no-figures', '--max-batches INT']),
    (['search', '--help'], ['--preset', '--config PATH', '--out PATH', '--resume, --no-resume', '--overwrite',
                            '--progress, --no-progress', '--overrides JSON', 'examples:']),
]

@pytest.mark.parametrize('args,words', ANSWERS, ids=[' '.join(a) for a, _ in ANSWERS])
def test_answers(args, words):
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert [w for w in words if w not in r.stdout] == [], r.stdout


def test_search_help_lists_every_setting():
    from influence_nas.config import SearchConfig
    from fastcore.docments import docments
    r = run('search', '--help', env={'COLUMNS': '200'})
    assert r.returncode == 0, r.stderr
    shown = set(re.findall(r'--[a-z0-9-]+', r.stdout))
    fields = [f.name for f in dataclasses.fields(SearchConfig)]
    assert [f for f in fields if '--' + f.replace('_', '-') not in shown] == []
    text = ' '.join(r.stdout.split())
    notes = {k: v['docment'] for k, v in docments(SearchConfig, full=True).items() if k in fields and k != 'preset'}
    assert [k for k, v in notes.items() if not v or ' '.join(v.split()) not in text] == []   # with its comment
    assert [w for w in r.stdout.split() if w.startswith('--') and '_' in w] == []             # underscore spellings not listed


@pytest.mark.slow
def test_tiny_search(tmp_path):
    out = tmp_path / 'run'
    r = run('search', *TINY, '--epochs', '1', '--out', str(out))
    assert r.returncode == 0, r.stderr
    assert f'run directory: {out}' in r.stdout and 'status: finished' in r.stdout and 'genotype:\n|' in r.stdout
    config = json.loads((out / 'config.json').read_text())
    assert (config['batch_size'], config['epochs'], config['n_train'], config['preset']) == (8, 1, 100, 'nb201')
    assert config['lr'] == 0.025                                   # not given: the preset's value is kept
    r = run('search', *TINY, '--epochs', '1', '--out', str(out))   # again: the run exists
    assert r.returncode == 1 and 'already holds a run' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    r = run('search', '--config', str(out / 'config.json'), '--seed', '1', '--batch_size', '4', '--no-progress', '--out', str(tmp_path / 's1'))
    assert r.returncode == 0, r.stderr                              # from another run's config.json, underscore spelling
    c1 = json.loads((tmp_path / 's1' / 'config.json').read_text())
    assert (c1['seed'], c1['batch_size'], c1['n_train'], c1['supernet_kwargs']['C']) == (1, 4, 100, 4)


def test_ctrl_c_says_how_to_resume(tmp_path):
    out = tmp_path / 'run'
    p = subprocess.Popen(cmd('search', *TINY, '--epochs', '1000', '--out', str(out)), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, preexec_fn=sigint_default)
    try:
        t = time.time()
        while not (out / 'checkpoints' / 'last.pt').exists() and p.poll() is None and time.time() - t < 240: time.sleep(0.2)
        assert p.poll() is None, p.communicate()[1]
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None: p.kill()
    assert p.returncode == 130, err
    assert 'influence-nas search: interrupted' in err and f'--resume --out {out}' in err and 'Traceback' not in err, err


def test_startup_imports_neither_torch_nor_pandas():
    "Not a timing assertion: what `import influence_nas.cli` and the search parser import (torch alone takes ~1 s)."
    probe = ("import sys; from influence_nas.cli import make_parser, search_cli, usage; usage(); "
             "make_parser(search_cli, 'influence-nas search').format_help(); "
             "print(sorted(m for m in ('torch', 'pandas', 'numpy') if m in sys.modules))")
    r = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, timeout=120)
    assert (r.returncode, r.stdout.strip()) == (0, '[]'), r.stderr


LIGHT_COMMANDS = [(['spaces'], 'space'), (['spaces', '--space', 's1'], 's1: RobustDARTS S1'),
                  (['nb201', '6111'], 'NAS-Bench-201 cell 6111')]  # (arguments, start of the first line printed)

@pytest.mark.parametrize('args,first', LIGHT_COMMANDS, ids=[' '.join(a) for a, _ in LIGHT_COMMANDS])
def test_spaces_and_nb201_answer_without_torch(args, first):
    "Not a timing assertion: these commands answer without importing torch (~1 s of a 2-core CPU's start-up, issue #10)."
    probe = (f"import sys; from influence_nas.cli import main; rc = main({args!r}); "
             "print('torch modules:', sorted(m for m in sys.modules if m.split('.')[0] == 'torch')[:3], 'exit', rc)")
    r = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, timeout=120)
    lines = r.stdout.splitlines()
    assert (r.returncode, lines[-1]) == (0, 'torch modules: [] exit 0'), r.stdout[-2000:] + r.stderr
    assert lines[0].startswith(first), lines[:3]


@pytest.fixture(scope='module')
def tiny_run(tmp_path_factory):
    "A finished one-epoch search (tests that change it work on a copy)."
    out = tmp_path_factory.mktemp('cli') / 'run'
    r = run('search', *TINY, '--epochs', '1', '--out', str(out))
    assert r.returncode == 0, r.stderr
    return out

HOLD = "import sys, time; from influence_nas.rundir import run_lock\nwith run_lock(sys.argv[1]): print('held', flush=True); time.sleep(120)"

@pytest.mark.slow
def test_resume_while_another_process_writes_is_one_line(tiny_run):
    holder = subprocess.Popen([sys.executable, '-c', HOLD, str(tiny_run)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == 'held\n'
        r = run('search', '--resume', '--out', str(tiny_run), '--quiet')
    finally: holder.kill(); holder.wait()
    assert (r.returncode, r.stderr) == (1, f"influence-nas search: error: {tiny_run} is being written by process {holder.pid} "
                                           f"(lock file {tiny_run / '.lock'}); wait for it to end, or stop it\n"), r.stderr
    r = run('search', '--resume', '--out', str(tiny_run), '--no-progress')      # the holder was killed: its lock is free at once
    assert r.returncode == 0 and 'status: finished' in r.stdout, r.stderr


@pytest.mark.slow
def test_select_ctrl_c_says_how_to_resume(tiny_run, tmp_path):
    run_dir = tmp_path / 'run'; shutil.copytree(tiny_run, run_dir)
    partial = run_dir / 'selection_pt_progressive.partial.pt'
    p = subprocess.Popen(cmd('select', str(run_dir), '--criterion', 'pt', '--progressive', '--n-batches', '2', '--finetune-epochs', '3',
                             '--no-progress'), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=sigint_default)
    try:
        t = time.time()
        while not partial.exists() and p.poll() is None and time.time() - t < 240: time.sleep(0.1)
        assert p.poll() is None, p.communicate()[1]
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None: p.kill()
    again = f"influence-nas select {run_dir} --no-progress --resume --criterion pt --progressive --n-batches 2 --finetune-epochs 3"
    assert (p.returncode, err.strip().splitlines()[-1]) == (130, f"influence-nas select: interrupted; {partial} keeps every finished round "
                                                                 f"of the selection; `{again}` continues it"), err
    assert 'Traceback' not in err and partial.is_file(), err
    r = run(*again.split()[1:])                                     # the command it gives continues the selection
    assert r.returncode == 0, r.stderr
    assert (run_dir / 'selection_pt_progressive.json').is_file() and not partial.exists()


def test_sweep_flags_are_refused_in_their_own_words(tmp_path):
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x:int = 1  # a number\nresults:str = 'results.json'  # the record", metadata={'tags': ['parameters']})]
    nbformat.write(nb, str(tmp_path / 'toy.ipynb'))
    (tmp_path / 'spec.yaml').write_text(f"notebook: {tmp_path / 'toy.ipynb'}\nout: {tmp_path / 'sweep'}\ngrid: {{x: [1, 2]}}\n")
    for flags, message in [(['--executor', 'lcoal'], "--executor='lcoal'; allowed: ['local', 'dask']"),
                           (['--workers', '0'], '--workers must be an int >= 1, got 0')]:
        r = run('sweep', str(tmp_path / 'spec.yaml'), *flags, '--no-progress')
        assert (r.returncode, r.stderr.strip()) == (1, f'influence-nas sweep: error: {message}'), r.stderr
    assert not (tmp_path / 'sweep').exists()                        # refused before anything ran
