"""Throughput of one DARTS search step (α step + w step) per space × order × device, how close it runs to a measured
matmul roofline, and (`--peer PATH`) side by side with a local checkout of ruocwang/darts-pt.

Not a test. Each configuration runs in its own process (clean peak-memory figures), on random CIFAR-shaped data held on
the device, with the step functions of `influence_nas.search` exactly as the search loop calls them (the cost meter's
gradient hook attached, as in a search; `--no-cost-meter` leaves it out) and the search's defaults (channels-last,
fused NB201 convolutions; `--no-channels-last`, `--no-fused` turn them off). Reports per configuration: s/step,
images/s (search-train images; a bi-level step also reads one search-val batch of the same size), peak memory (CUDA:
`torch.cuda.max_memory_allocated`; CPU: the process's peak resident set), GFLOP per step (torch's FLOP counter over
one real step: convolutions and matmuls), the device's matmul rate measured in the same process (fp32 2048×2048, the
best of 5; bf16 with `--amp`), `roofline` = (GFLOP/step ÷ matmul GFLOP/s) ÷ (s/step), the fraction of the step's time
its counted FLOPs would need at the matmul rate, and the time 50 epochs over 25k/25k CIFAR-10 would spend in steps.
`--profile` adds the step's top op types by self time (torch.profiler).

    python benchmarks/bench_search.py --devices cpu --spaces nb201,darts --orders 1 --batch-size 64 --threads 1
    python benchmarks/bench_search.py --spaces nb201 --orders 1 --batch-size 64 --threads 1 --no-channels-last --no-fused
    python benchmarks/bench_search.py --devices cuda --spaces nb201,darts --orders 1,2 --batch-size 64 --amp --compile
    python benchmarks/bench_search.py --peer /path/to/darts-pt --spaces nb201,darts --batch-size 64 --threads 1 --rounds 3

Side by side (`--peer`): first order only; per space, `--rounds` rounds of one fresh process for ours and one for the
peer, the order alternating between rounds; the table gives each side's median s/step, the median of the per-round
ratios (peer s/step ÷ ours) and both weight counts (equal work: the same supernet). The peer's own model and
`Architect` classes run its first-order step as its `train_search.py` does (α step with `loss.backward()` on the
search-val batch, then the w step with gradient clipping 5); its `.cuda()` calls are made no-ops on CPU, and where
torchvision is missing its data-set imports get empty stand-ins (its models do not use them). None of its code is in
this repository: fetch it yourself, outside the repository (e.g. `git clone https://github.com/ruocwang/darts-pt`).

Writes `<out>.json` and `<out>.md` (default benchmarks/out/bench_search, git-ignored) and prints the markdown table.
"""
from __future__ import annotations
import argparse, json, os, platform, resource, statistics, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def matmul_gflops(device, dtype, n:int=2048, reps:int=5)->float:
    "The best of `reps` timed n×n matmuls on `device`, in GFLOP/s."
    import torch
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    sync = torch.cuda.synchronize if device.type == 'cuda' else (lambda: None)
    a @ b; sync(); best = float('inf')
    for _ in range(reps):
        t = time.perf_counter(); a @ b; sync(); best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best / 1e9


def step_flops(step)->float:
    "GFLOP of one call of `step`, from torch's FLOP counter."
    from torch.utils.flop_counter import FlopCounterMode
    with FlopCounterMode(display=False) as fc: step()
    return fc.get_total_flops() / 1e9


def step_profile(step, device, top:int=12)->list:
    "The `top` op types of one call of `step` by self time (torch.profiler): name, milliseconds, calls."
    from torch.profiler import profile, ProfilerActivity
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == 'cuda' else [])
    with profile(activities=acts) as prof: step()
    key = 'self_device_time_total' if device.type == 'cuda' else 'self_cpu_time_total'
    ev = sorted(prof.key_averages(), key=lambda e: -getattr(e, key))[:top]
    return [(e.key, round(getattr(e, key) / 1e3, 1), e.count) for e in ev]


def timed(step, steps:int, warmup:int, device, profile:bool=False)->tuple[float, float, float, list|None]:
    "Seconds per step over `steps` after `warmup`, GFLOP of one step, peak memory in MiB, and (`profile`) one step's top op types."
    import torch
    sync = torch.cuda.synchronize if device.type == 'cuda' else (lambda: None)
    for i in range(warmup): step(i)
    gflop = step_flops(lambda: step(0))
    prof = step_profile(lambda: step(0), device) if profile else None
    sync()
    if device.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    t = time.perf_counter()
    for i in range(steps): loss = step(i)
    sync(); dt = (time.perf_counter() - t) / steps
    assert torch.isfinite(loss), 'non-finite loss'
    peak = torch.cuda.max_memory_allocated() / 2**20 if device.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dt, gflop, peak, prof


def random_pool(batch_size:int, image_size:int, device, channels_last:bool=False, n:int=4):
    "`n` (search-train, search-val) pairs of random CIFAR-shaped batches on `device`."
    import torch
    g = torch.Generator().manual_seed(0)
    def batch():
        x = torch.randn(batch_size, 3, image_size, image_size, generator=g).to(device)
        if channels_last: x = x.contiguous(memory_format=torch.channels_last)
        return x, torch.randint(0, 10, (batch_size,), generator=g).to(device)
    return [(batch(), batch()) for _ in range(n)]


def bench_one(space:str, order:int, device:str, batch_size:int, steps:int, warmup:int, C:int|None, cells:int|None,
              image_size:int, amp:bool, channels_last:bool, fused:bool, compile:bool, cost_meter:bool, hvp:str,
              threads:int|None, profile:bool=False)->dict:
    "Time `steps` search steps of one configuration of ours in this process."
    import torch
    from influence_nas.spaces import get_space
    from influence_nas.supernet import build_supernet
    from influence_nas.measure import CostMeter
    from influence_nas.search import search_config, make_optimizers, weight_step, arch_step, unrolled_arch_step
    if threads: torch.set_num_threads(threads)
    dev = torch.device(device)
    fam = get_space(space).family
    kw = {}
    if C: kw['C'] = C
    if cells: kw['N' if fam == 'nb201' else 'layers'] = cells
    net = build_supernet(space, seed=0, n_classes=10, in_channels=3, **kw).set_fused(fused).to(dev)
    if channels_last: net = net.to(memory_format=torch.channels_last)
    model = torch.compile(net) if compile else net
    cfg = search_config(space=space, order=order)
    w_opt, a_opt = make_optimizers(net, cfg)
    meter = CostMeter()
    if cost_meter: net.add_weight_grad_hook(meter)
    pool = random_pool(batch_size, image_size, dev, channels_last)
    kw = dict(amp=amp, model=model)
    def step(i):
        (x, y), (xv, yv) = pool[i % len(pool)]
        with meter.recording('val'):
            if order == 1: arch_step(net, a_opt, xv, yv, **kw)
            else: unrolled_arch_step(net, a_opt, w_opt, x, y, xv, yv, xi=w_opt.param_groups[0]['lr'], hvp=hvp, **kw)
        with meter.recording('train'): return weight_step(net, w_opt, x, y, cfg.grad_clip, **kw)[0]
    net.train()
    dt, gflop, peak, prof = timed(step, steps, warmup, dev, profile)
    rate = matmul_gflops(dev, torch.bfloat16 if amp else torch.float32)
    n_params = sum(p.numel() for p in net.weight_parameters())
    return dict(side='ours', space=space, order=order, device=device, device_name=device_name(dev), batch_size=batch_size,
                image_size=image_size, supernet=kw_str(net, fam), params_M=round(n_params / 1e6, 3), amp=amp,
                channels_last=channels_last, fused=fused, compile=compile, cost_meter=cost_meter, hvp=hvp if order == 2 else '',
                threads=torch.get_num_threads(), steps=steps, s_per_step=round(dt, 3), steps_per_s=round(1 / dt, 3),
                images_per_s=round(batch_size / dt, 1), peak_mem_MiB=round(peak, 1), gflop_per_step=round(gflop, 1),
                matmul_gflops=round(rate, 1), roofline=round(gflop / rate / dt, 3),
                est_50ep_25k_min=round(50 * -(-25000 // batch_size) * dt / 60, 1), profile=prof)


def peer_one(peer:str, space:str, device:str, batch_size:int, steps:int, warmup:int, C:int|None, cells:int|None,
             image_size:int, threads:int|None, profile:bool=False, **_)->dict:
    "Time `steps` first-order search steps of darts-pt (a checkout at `peer`) in this process, on the same supernet."
    import torch
    from torch import nn
    from influence_nas.spaces import get_space
    if threads: torch.set_num_threads(threads)
    dev = torch.device(device)
    if dev.type == 'cpu': torch.Tensor.cuda = lambda self, *a, **k: self   # darts-pt puts α on the GPU unconditionally
    sys.path.insert(0, str(Path(peer).resolve()))
    try: import torchvision  # noqa: F401  (darts-pt's utils import it for its data sets; the models never call it)
    except Exception:        # not installed (or a build that does not match torch): empty stand-ins for those imports
        import types
        tv = types.ModuleType('torchvision'); tv.transforms = types.ModuleType('torchvision.transforms')
        tv.datasets = types.ModuleType('torchvision.datasets'); tv.datasets.VisionDataset = object
        tv.datasets.utils = types.ModuleType('torchvision.datasets.utils')
        sys.modules.update({'torchvision': tv, 'torchvision.transforms': tv.transforms, 'torchvision.datasets': tv.datasets,
                            'torchvision.datasets.utils': tv.datasets.utils})
    sp = get_space(space)
    args = argparse.Namespace(learning_rate=0.025, momentum=0.9, weight_decay=3e-4, arch_learning_rate=3e-4,
                              arch_weight_decay=1e-3, method='darts', grad_clip=5.)
    torch.manual_seed(0)
    if sp.family == 'nb201':
        from nasbench201.search_model_darts import TinyNetworkDarts
        model = TinyNetworkDarts(C=C or 16, N=cells or 5, max_nodes=4, num_classes=10, criterion=nn.CrossEntropyLoss(),
                                 search_space=list(sp.edge_ops['cell'][0]), args=args)
        supernet = f"C={C or 16} N={cells or 5}"
    else:
        from sota.cnn.model_search import Network
        prims = {'primitives_normal': [list(o) for o in sp.edge_ops['normal']], 'primitives_reduct': [list(o) for o in sp.edge_ops['reduce']]}
        model = Network(C or 16, 10, cells or 8, nn.CrossEntropyLoss(), prims, args)
        supernet = f"C={C or 16} layers={cells or 8}"
    model = model.to(dev)
    from nasbench201.architect_ig import Architect
    architect = Architect(model, args)
    pool = random_pool(batch_size, image_size, dev)
    def step(i):   # its train_search.py's loop body, first order
        (x, y), (xv, yv) = pool[i % len(pool)]
        model.optimizer.zero_grad(); architect.optimizer.zero_grad()
        architect.step(x, y, xv, yv, 0., model.optimizer)
        model.optimizer.zero_grad(); architect.optimizer.zero_grad()
        return model.step(x, y, args)[1]
    model.train()
    dt, gflop, peak, prof = timed(step, steps, warmup, dev, profile)
    rate = matmul_gflops(dev, torch.float32)
    alphas = {id(a) for a in model.arch_parameters()}
    n_params = sum(p.numel() for p in model.parameters() if id(p) not in alphas)
    return dict(side='darts-pt', space=space, order=1, device=device, device_name=device_name(dev), batch_size=batch_size,
                image_size=image_size, supernet=supernet, params_M=round(n_params / 1e6, 3), threads=torch.get_num_threads(),
                steps=steps, s_per_step=round(dt, 3), steps_per_s=round(1 / dt, 3), images_per_s=round(batch_size / dt, 1),
                peak_mem_MiB=round(peak, 1), gflop_per_step=round(gflop, 1), matmul_gflops=round(rate, 1),
                roofline=round(gflop / rate / dt, 3), profile=prof)


def device_name(dev)->str:
    import torch
    return torch.cuda.get_device_name(dev) if dev.type == 'cuda' else cpu_name()


def cpu_name()->str:
    try: return next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except (OSError, StopIteration): return platform.processor() or platform.machine()


def kw_str(net, fam)->str:
    if fam == 'nb201': return f"C={net.stem[0].out_channels} N={sum(type(c).__name__ == 'NB201Cell' for c in net.cells) // 3}"
    return f"C={net.stem[0].out_channels // 3} layers={len(net.cells)}"


COLS = ['space', 'order', 'hvp', 'device', 'device_name', 'supernet', 'params_M', 'batch_size', 'amp', 'channels_last',
        'fused', 'compile', 'cost_meter', 'threads', 's_per_step', 'images_per_s', 'peak_mem_MiB', 'gflop_per_step',
        'matmul_gflops', 'roofline', 'est_50ep_25k_min']
PEER_COLS = ['space', 'supernet', 'batch_size', 'threads', 'rounds', 'ours_params_M', 'peer_params_M', 'ours_s_per_step',
             'peer_s_per_step', 'ratio', 'ratios', 'ours_roofline', 'peer_roofline', 'gflop_per_step']


def markdown(rows:list[dict], cols=COLS)->str:
    lines = ['| ' + ' | '.join(cols) + ' |', '|' + '---|' * len(cols)]
    for r in rows: lines.append('| ' + ' | '.join(str(r.get(c, '')) for c in cols) + ' |')
    return '\n'.join(lines)


def run_child(fn:str, one:dict)->dict|None:
    "Run `fn(**one)` in a fresh process; its row, or None (the error printed)."
    r = subprocess.run([sys.executable, __file__, '--one', json.dumps(dict(one, fn=fn))], capture_output=True, text=True)
    line = [l for l in r.stdout.splitlines() if l.startswith('ROW ')]
    if r.returncode or not line:
        print(f"{fn} {one.get('space')} on {one.get('device')} failed:\n{r.stderr[-2000:]}", file=sys.stderr); return None
    return json.loads(line[0][4:])


def side_by_side(a, one_for)->list[dict]:
    "Per space: alternating rounds of ours and the peer in fresh processes; medians and the median per-round ratio."
    rows = []
    for space in a.spaces.split(','):
        one = one_for(space, 1, a.devices.split(',')[0])
        ours, peer = [], []
        for r in range(a.rounds):
            order = [('bench_one', ours), ('peer_one', peer)]
            for fn, acc in (order if r % 2 == 0 else order[::-1]):
                row = run_child(fn, dict(one, peer=a.peer) if fn == 'peer_one' else one)
                if row is None: return rows
                acc.append(row); print(f"round {r}: {row['side']} {space} {row['s_per_step']} s/step", flush=True)
        ratios = [p['s_per_step'] / o['s_per_step'] for o, p in zip(ours, peer)]
        rows.append(dict(space=space, supernet=ours[0]['supernet'], batch_size=a.batch_size, threads=ours[0]['threads'],
                         rounds=a.rounds, ours_params_M=ours[0]['params_M'], peer_params_M=peer[0]['params_M'],
                         ours_s_per_step=round(statistics.median(o['s_per_step'] for o in ours), 3),
                         peer_s_per_step=round(statistics.median(p['s_per_step'] for p in peer), 3),
                         ratio=round(statistics.median(ratios), 2), ratios=' '.join(f"{x:.2f}" for x in ratios),
                         ours_roofline=round(statistics.median(o['roofline'] for o in ours), 3),
                         peer_roofline=round(statistics.median(p['roofline'] for p in peer), 3),
                         gflop_per_step=f"{ours[0]['gflop_per_step']} / {peer[0]['gflop_per_step']}",
                         runs=dict(ours=ours, peer=peer)))
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--spaces', default='nb201,darts', help='comma-separated search spaces')
    p.add_argument('--orders', default='1,2', help='comma-separated orders (1, 2)')
    p.add_argument('--devices', default='cpu', help='comma-separated devices (cpu, cuda)')
    p.add_argument('--batch-size', type=int, default=64, help='batch size (search-train and search-val each)')
    p.add_argument('--steps', type=int, default=5, help='timed steps')
    p.add_argument('--warmup', type=int, default=2, help='untimed steps first')
    p.add_argument('--C', type=int, default=None, help='supernet channels (default: the space default, 16)')
    p.add_argument('--cells', type=int, default=None, help='NB201 cells per stage / DARTS cells (default: 5 / 8)')
    p.add_argument('--image-size', type=int, default=32, help='image side (CIFAR: 32)')
    p.add_argument('--hvp', default='fd', help='second-order HVP: fd or exact')
    p.add_argument('--amp', action=argparse.BooleanOptionalAction, default=False, help='bf16 autocast')
    p.add_argument('--channels-last', action=argparse.BooleanOptionalAction, default=True, help='channels-last memory format (the search default)')
    p.add_argument('--fused', action=argparse.BooleanOptionalAction, default=True, help="NB201 cells' stacked convolutions (the search default)")
    p.add_argument('--compile', action=argparse.BooleanOptionalAction, default=False, help='torch.compile the supernet')
    p.add_argument('--cost-meter', action=argparse.BooleanOptionalAction, default=True, help="the cost meter's gradient hook, as in a search")
    p.add_argument('--threads', type=int, default=None, help='torch intra-op threads (CPU)')
    p.add_argument('--profile', action='store_true', help='add the top op types of one step (torch.profiler) to each row')
    p.add_argument('--peer', default=None, help='path of a darts-pt checkout: side-by-side mode (first order)')
    p.add_argument('--rounds', type=int, default=3, help='side-by-side rounds (fresh processes each)')
    p.add_argument('--out', default=str(HERE / 'out' / 'bench_search'), help='output path without extension')
    p.add_argument('--one', default=None, help=argparse.SUPPRESS)   # internal: run one configuration (JSON) and print its row
    a = p.parse_args(argv)
    if a.one:
        one = json.loads(a.one); fn = {'bench_one': bench_one, 'peer_one': peer_one}[one.pop('fn')]
        print('ROW ' + json.dumps(fn(**one))); return
    if a.peer and not (Path(a.peer) / 'nasbench201' / 'architect_ig.py').is_file():
        p.error(f"--peer {a.peer}: not a darts-pt checkout (no nasbench201/architect_ig.py)")
    def one_for(space, order, device):
        return dict(space=space, order=order, device=device, batch_size=a.batch_size, steps=a.steps, warmup=a.warmup,
                    C=a.C, cells=a.cells, image_size=a.image_size, amp=a.amp, channels_last=a.channels_last, fused=a.fused,
                    compile=a.compile, cost_meter=a.cost_meter, hvp=a.hvp, threads=a.threads, profile=a.profile)
    load_start = os.getloadavg()
    if a.peer: rows, cols = side_by_side(a, one_for), PEER_COLS
    else:
        rows, cols = [], COLS
        for device in a.devices.split(','):
            for space in a.spaces.split(','):
                for order in map(int, a.orders.split(',')):
                    row = run_child('bench_one', one_for(space, order, device))
                    if row: rows.append(row); print(markdown([row]).splitlines()[-1], flush=True)
    import torch
    meta = dict(date=time.strftime('%Y-%m-%d %H:%M'), host_cpu=cpu_name(), cpus=os.cpu_count(), torch=torch.__version__,
                python=platform.python_version(), load_avg_start=load_start, load_avg_end=os.getloadavg(), argv=sys.argv[1:])
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix('.json').write_text(json.dumps(dict(meta=meta, rows=rows), indent=1))
    md = f"{meta}\n\n{markdown(rows, cols)}\n"
    for r in rows:
        for side, rr in ([('', r)] if 'runs' not in r else [('ours', r['runs']['ours'][0]), ('darts-pt', r['runs']['peer'][0])]):
            if rr.get('profile'):
                md += f"\nprofile of one step, {side or 'ours'} {rr['space']} (op, self ms, calls):\n" + '\n'.join(f"- {n} {ms} ms ({c})" for n, ms, c in rr['profile']) + '\n'
    out.with_suffix('.md').write_text(md)
    print('\n' + md)


if __name__ == '__main__':
    main()
