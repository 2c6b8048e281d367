"Test-session settings: one intra-op thread per test worker (pytest -n 2 already uses both cores)."
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('MKL_NUM_THREADS', '1')
import torch
torch.set_num_threads(1)
