#!/usr/bin/env bash
# GPU smoke run: every `#| cuda` notebook cell, short searches with each speed option on and off, the step and influence
# benchmarks, one short training of a derived genotype. Sized for under 8 minutes on one H100/H200; everything goes to
# one folder (default benchmarks/out/gpu_smoke, or $OUT when the device tool sets it).
#   bash benchmarks/gpu_smoke.sh [OUTDIR]
# Needs a CUDA build of torch and a visible GPU; on a CPU-only machine it stops at once, saying so.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${1:-${OUT:-benchmarks/out/gpu_smoke}}"; mkdir -p "$out"
python - <<'PY' || { echo "no CUDA device visible: nothing run"; exit 2; }
import torch, sys
sys.exit(0 if torch.cuda.is_available() else 1)
PY
nvidia-smi > "$out/nvidia-smi.txt" 2>&1
python -c "import torch; print(torch.__version__, torch.version.cuda, torch.cuda.get_device_name())" | tee "$out/device.txt"
step() { local name=$1; shift; echo "== $name"; local t0=$(date +%s.%N); "$@" > "$out/$name.log" 2>&1; local rc=$?
         echo "$name rc=$rc $(python -c "print(f'{$(date +%s.%N) - $t0:.1f} s')")" | tee -a "$out/summary.txt"; }
# 1. the notebooks' cuda cells (and everything else they test), run by nbdev's runner with the cuda flag on
step cuda_cells env INFLUENCE_NAS_TEST_FLAGS=cuda timeout 240 python -m pytest -q tests/test_notebooks.py -k "06_loaders or 14_selection"
# 2. the NB201 step on CIFAR-shaped random data held on the GPU, each speed option off and on (channels-last and the
#    fused NB201 convolutions are the search's defaults; the first line turns both off)
for opts in "--no-channels-last --no-fused" "--no-fused" "" "--amp" "--compile" "--amp --compile"; do
  tag=$(echo "search $opts" | tr ' -' '__')
  step "$tag" timeout 120 python benchmarks/bench_search.py --devices cuda --spaces nb201 --orders 1 --batch-size 64 --steps 40 --warmup 10 $opts --out "$out/$tag"
done
# 3. the step benchmark, both spaces, both orders
step bench_search timeout 150 python benchmarks/bench_search.py --devices cuda --spaces nb201,darts --orders 1,2 --batch-size 64 --steps 20 --warmup 5 --out "$out/bench_search"
# 3b. side by side with darts-pt when a checkout is given (DARTS_PT=/path/to/darts-pt; fetched by whoever runs this)
if [ -n "${DARTS_PT:-}" ]; then
  step bench_peer timeout 150 python benchmarks/bench_search.py --devices cuda --peer "$DARTS_PT" --spaces nb201,darts --batch-size 64 --steps 20 --warmup 5 --rounds 2 --out "$out/bench_peer"
fi
# 4. the influence benchmark, reduced
step bench_influence timeout 150 python benchmarks/bench_influence.py --device cuda --seeds 0 --modes bilevel --epochs 2 --out "$out/bench_influence"
# 5. one short training of DARTS_V2 on random CIFAR-shaped data is not possible without data: on digits, 1 epoch, AMP
step train_darts timeout 90 influence-nas train "$(python -c 'from influence_nas.genotypes import DARTS_V2; print(DARTS_V2)')" --data digits --epochs 1 --amp --channels-last --no-progress --device cuda --out "$out/train_darts" --overwrite
cat "$out/summary.txt"
