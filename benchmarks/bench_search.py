"""Throughput of one DARTS search step (α step + w step) for each space × order × device at a given batch size.

Not a test. Each configuration runs in its own process (clean peak-memory figures), on random CIFAR-shaped data held on
the device, with the step functions of `influence_nas.search` exactly as the search loop calls them. Reports steps/s,
images/s (search-train images per second; a bi-level step also reads one search-val batch of the same size) and peak
memory (CUDA: `torch.cuda.max_memory_allocated`; CPU: the process's peak resident set), plus the time a 50-epoch
search over 25k/25k CIFAR-10 would spend in its steps at that rate (evaluation passes excluded).

    python benchmarks/bench_search.py --devices cpu --spaces nb201,darts --orders 1,2 --batch-size 16 --C 8 --cells 2
    python benchmarks/bench_search.py --devices cuda --spaces nb201,darts --orders 1,2 --batch-size 64 --amp --channels-last

Writes `<out>.json` and `<out>.md` (default benchmarks/out/bench_search, git-ignored) and prints the markdown table.
"""
from __future__ import annotations
import argparse, json, os, platform, resource, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bench_one(space:str, order:int, device:str, batch_size:int, steps:int, warmup:int, C:int|None, cells:int|None,
              image_size:int, amp:bool, channels_last:bool, compile:bool, hvp:str, threads:int|None)->dict:
    "Time `steps` search steps of one configuration in this process."
    import torch
    from influence_nas.spaces import get_space
    from influence_nas.supernet import build_supernet
    from influence_nas.search import search_config, make_optimizers, weight_step, arch_step, unrolled_arch_step
    if threads: torch.set_num_threads(threads)
    dev = torch.device(device)
    fam = get_space(space).family
    kw = {}
    if C: kw['C'] = C
    if cells: kw['N' if fam == 'nb201' else 'layers'] = cells
    net = build_supernet(space, seed=0, n_classes=10, in_channels=3, **kw).to(dev)
    if channels_last: net = net.to(memory_format=torch.channels_last)
    model = torch.compile(net) if compile else net
    cfg = search_config(space=space, order=order)
    w_opt, a_opt = make_optimizers(net, cfg)
    g = torch.Generator().manual_seed(0)
    def batch():
        x = torch.randn(batch_size, 3, image_size, image_size, generator=g).to(dev)
        if channels_last: x = x.contiguous(memory_format=torch.channels_last)
        return x, torch.randint(0, 10, (batch_size,), generator=g).to(dev)
    pool = [(batch(), batch()) for _ in range(4)]
    kw = dict(amp=amp, model=model)
    def step(i):
        (x, y), (xv, yv) = pool[i % len(pool)]
        if order == 1: arch_step(net, a_opt, xv, yv, **kw)
        else: unrolled_arch_step(net, a_opt, w_opt, x, y, xv, yv, w_opt.param_groups[0]['lr'], hvp, **kw)
        return weight_step(net, w_opt, x, y, cfg.grad_clip, **kw)[0]
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    net.train()
    for i in range(warmup): step(i)
    sync()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    t = time.perf_counter()
    for i in range(steps): loss = step(i)
    sync(); dt = time.perf_counter() - t
    assert torch.isfinite(loss), 'non-finite loss'
    peak = torch.cuda.max_memory_allocated() / 2**20 if dev.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sps = steps / dt
    n_params = sum(p.numel() for p in net.weight_parameters())
    return dict(space=space, order=order, device=device, device_name=torch.cuda.get_device_name(dev) if dev.type == 'cuda' else cpu_name(),
                batch_size=batch_size, image_size=image_size, supernet=kw_str(net, fam), params_M=round(n_params / 1e6, 3),
                amp=amp, channels_last=channels_last, compile=compile, hvp=hvp if order == 2 else '', threads=torch.get_num_threads(),
                steps=steps, seconds=round(dt, 3), steps_per_s=round(sps, 3), images_per_s=round(sps * batch_size, 1),
                peak_mem_MiB=round(peak, 1), est_50ep_25k_min=round(50 * -(-25000 // batch_size) / sps / 60, 1))


def cpu_name()->str:
    try: return next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except (OSError, StopIteration): return platform.processor() or platform.machine()


def kw_str(net, fam)->str:
    if fam == 'nb201': return f"C={net.stem[0].out_channels} N={sum(type(c).__name__ == 'NB201Cell' for c in net.cells) // 3}"
    return f"C={net.stem[0].out_channels // 3} layers={len(net.cells)}"


COLS = ['space', 'order', 'hvp', 'device', 'device_name', 'supernet', 'params_M', 'batch_size', 'image_size', 'amp', 'channels_last',
        'compile', 'threads', 'steps_per_s', 'images_per_s', 'peak_mem_MiB', 'est_50ep_25k_min']


def markdown(rows:list[dict])->str:
    lines = ['| ' + ' | '.join(COLS) + ' |', '|' + '---|' * len(COLS)]
    for r in rows: lines.append('| ' + ' | '.join(str(r.get(c, '')) for c in COLS) + ' |')
    return '\n'.join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--spaces', default='nb201,darts', help='comma-separated search spaces')
    p.add_argument('--orders', default='1,2', help='comma-separated orders (1, 2)')
    p.add_argument('--devices', default='cpu', help='comma-separated devices (cpu, cuda)')
    p.add_argument('--batch-size', type=int, default=64, help='batch size (search-train and search-val each)')
    p.add_argument('--steps', type=int, default=20, help='timed steps')
    p.add_argument('--warmup', type=int, default=3, help='untimed steps first')
    p.add_argument('--C', type=int, default=None, help='supernet channels (default: the space default, 16)')
    p.add_argument('--cells', type=int, default=None, help='NB201 cells per stage / DARTS cells (default: 5 / 8)')
    p.add_argument('--image-size', type=int, default=32, help='image side (CIFAR: 32)')
    p.add_argument('--hvp', default='fd', help='second-order HVP: fd or exact')
    p.add_argument('--amp', action='store_true', help='bf16 autocast')
    p.add_argument('--channels-last', action='store_true', help='channels-last memory format')
    p.add_argument('--compile', action='store_true', help='torch.compile the supernet')
    p.add_argument('--threads', type=int, default=None, help='torch intra-op threads (CPU)')
    p.add_argument('--out', default=str(HERE / 'out' / 'bench_search'), help='output path without extension')
    p.add_argument('--one', default=None, help=argparse.SUPPRESS)   # internal: run one configuration (JSON) and print its row
    a = p.parse_args(argv)
    if a.one:
        print('ROW ' + json.dumps(bench_one(**json.loads(a.one)))); return
    rows = []
    for device in a.devices.split(','):
        for space in a.spaces.split(','):
            for order in map(int, a.orders.split(',')):
                one = dict(space=space, order=order, device=device, batch_size=a.batch_size, steps=a.steps, warmup=a.warmup,
                           C=a.C, cells=a.cells, image_size=a.image_size, amp=a.amp, channels_last=a.channels_last,
                           compile=a.compile, hvp=a.hvp, threads=a.threads)
                r = subprocess.run([sys.executable, __file__, '--one', json.dumps(one)], capture_output=True, text=True)
                line = [l for l in r.stdout.splitlines() if l.startswith('ROW ')]
                if r.returncode or not line:
                    print(f"{space} order {order} on {device} failed:\n{r.stderr[-2000:]}", file=sys.stderr); continue
                rows.append(json.loads(line[0][4:])); print(markdown(rows[-1:]).splitlines()[-1], flush=True)
    import torch
    meta = dict(date=time.strftime('%Y-%m-%d %H:%M'), host_cpu=cpu_name(), cpus=os.cpu_count(),
                torch=torch.__version__, python=platform.python_version(), load_avg=os.getloadavg(), argv=sys.argv[1:])
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix('.json').write_text(json.dumps(dict(meta=meta, rows=rows), indent=1))
    md = f"{meta}\n\n{markdown(rows)}\n"
    out.with_suffix('.md').write_text(md)
    print('\n' + md)


if __name__ == '__main__':
    main()
