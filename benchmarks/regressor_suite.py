"""The equation-discovery suite of `bench_regressor.py` (issue #12): equations, data and the family-level form each must be recovered as.

Every item is a numpy formula in x1..x3 plus the structure it should be recovered as, in the family form of
`influence_nas.equations.structure_key` (`linear` = any affine op, `f` = f or linear_f, sin ≡ cos, and — with the
default, non-strict key — tanh ≡ logistic as `sigmoid`; the strict key keeps `tanh` and `logistic` apart).
Inputs are x ~ U(-2, 2); 500 training and 500 held-out points; `noise` is the standard deviation of the Gaussian noise
added to both splits' targets, as a share of the clean target's standard deviation.

`SUITE` is the part the defaults were tuned on. `HELDOUT` was written into this file before any tuning began and is
reported separately: do not change it, nor tune on it. Its results were read after the first defaults were frozen, and
what they showed (a tie between relu(−x) and relu(x) + x) motivated a tie-break, so `HELDOUT2` was written on
2026-12-01, before that tie-break was tried, to judge it on; `HELDOUT3` … `HELDOUT6` likewise, each before what is named in its
comment (no change followed HELDOUT6's run: it is a second fresh part for the same default).
"""
from __future__ import annotations
import numpy as np

def logistic(z): return 1 / (1 + np.exp(-z))
def relu(z): return np.maximum(z, 0)
_NS = dict(sin=np.sin, cos=np.cos, exp=np.exp, tanh=np.tanh, logistic=logistic, relu=relu, abs=np.abs)

# name: (formula, n_inputs, family form [, noise]); forms use structure_key's sorted canonical spelling
SUITE = {
    'A1': ('2*sin(x1) + x2', 2, 'linear(x2) + sin(x1)'),
    'A2': ('exp(x1) + logistic(x2)', 2, 'exp(x1) + sigmoid(x2)', 0.0, 'exp(x1) + logistic(x2)'),
    'A3': ('tanh(2*x1) + relu(x2) - x3', 3, 'linear(x3) + relu(x2) + sigmoid(x1)', 0.0, 'linear(x3) + relu(x2) + tanh(x1)'),
    'A4': ('cos(x1) + exp(-x2)', 2, 'exp(x2) + sin(x1)'),
    'A5': ('1.5*logistic(3*x1 - 1)', 1, 'sigmoid(x1)', 0.0, 'logistic(x1)'),
    'A6': ('exp(0.8*x1) - 2*relu(x2 - 0.5)', 2, 'exp(x1) + relu(x2)'),
    'N1': ('2*sin(x1) + x2', 2, 'linear(x2) + sin(x1)', 0.1),
    'N2': ('relu(x1) + sin(2*x2) + exp(x3/2)', 3, 'exp(x3) + relu(x1) + sin(x2)', 0.1),
    'C1': ('exp(sin(2*x1))', 1, 'exp(sin(x1))'),
    'C2': ('tanh(x1 + x2)', 2, 'sigmoid(linear(x1) + linear(x2))', 0.0, 'tanh(linear(x1) + linear(x2))'),
    'C3': ('logistic(2*sin(x1)) + x2', 2, 'linear(x2) + sigmoid(sin(x1))', 0.0, 'linear(x2) + logistic(sin(x1))'),
    'C4': ('exp(tanh(x1))', 1, 'exp(sigmoid(x1))', 0.1, 'exp(tanh(x1))'),
}

HELDOUT = {   # fixed before tuning; report separately
    'H1': ('sin(2*x1) - 0.5*x2', 2, 'linear(x2) + sin(x1)'),
    'H2': ('2*tanh(x1) + exp(0.5*x2) + relu(-x3)', 3, 'exp(x2) + relu(x3) + sigmoid(x1)', 0.0, 'exp(x2) + relu(x3) + tanh(x1)'),
    'H3': ('logistic(2*x1 + 1) + cos(x2)', 2, 'sigmoid(x1) + sin(x2)', 0.1, 'logistic(x1) + sin(x2)'),
    'H4': ('relu(x1 + 1) - exp(0.5*x2)', 2, 'exp(x2) + relu(x1)'),
    'H5': ('sin(relu(x1) + x2)', 2, 'sin(linear(x2) + relu(x1))'),
    'H6': ('exp(sin(x1) + 0.5*x2)', 2, 'exp(linear(x2) + sin(x1))', 0.1),
}

HELDOUT2 = {   # fixed on 2026-12-01 before the tie-break towards fewer terms was tried (a first run was stopped unread); report separately
    'G1': ('cos(1.5*x1) + 0.5*x2', 2, 'linear(x2) + sin(x1)'),
    'G2': ('exp(0.6*x1) + tanh(2*x2)', 2, 'exp(x1) + sigmoid(x2)', 0.0, 'exp(x1) + tanh(x2)'),
    'G3': ('relu(x1) - sin(x2) + 0.5*x3', 3, 'linear(x3) + relu(x1) + sin(x2)'),
    'G4': ('2*logistic(x1 - 1)', 1, 'sigmoid(x1)', 0.1, 'logistic(x1)'),
    'G5': ('exp(cos(x1))', 1, 'exp(sin(x1))'),
    'G6': ('sin(x1) + exp(-0.5*x2)', 2, 'exp(x2) + sin(x1)', 0.1),
}
HELDOUT3 = {   # fixed on 2026-12-01 before scoring the final candidates by BIC on every row was tried; report separately
    'K1': ('sin(x1) + 0.5*exp(x2)', 2, 'exp(x2) + sin(x1)'),
    'K2': ('3*logistic(2*x1) - x2', 2, 'linear(x2) + sigmoid(x1)', 0.1, 'linear(x2) + logistic(x1)'),
    'K3': ('relu(x1 - 0.5) + cos(2*x2)', 2, 'relu(x1) + sin(x2)', 0.1),
    'K4': ('exp(-x1) + x2 + tanh(x3)', 3, 'exp(x1) + linear(x2) + sigmoid(x3)', 0.0, 'exp(x1) + linear(x2) + tanh(x3)'),
    'K5': ('sin(exp(0.5*x1))', 1, 'sin(exp(x1))'),
    'K6': ('tanh(x1 - x2)', 2, 'sigmoid(linear(x1) + linear(x2))', 0.1, 'tanh(linear(x1) + linear(x2))'),
}
HELDOUT4 = {   # fixed on 2026-12-01 (third session) before sign-flipped and wider starting grids for the refits were tried; report separately
    'L1': ('exp(0.7*x1) - cos(x2)', 2, 'exp(x1) + sin(x2)'),
    'L2': ('relu(1 - x1) + 0.5*x2', 2, 'linear(x2) + relu(x1)'),
    'L3': ('2*tanh(1.5*x1) + sin(x2) - x3', 3, 'linear(x3) + sigmoid(x1) + sin(x2)', 0.1, 'linear(x3) + sin(x2) + tanh(x1)'),
    'L4': ('exp(0.5*sin(2*x1))', 1, 'exp(sin(x1))', 0.1),
    'L5': ('logistic(x1 + 2*x2)', 2, 'sigmoid(linear(x1) + linear(x2))', 0.0, 'logistic(linear(x1) + linear(x2))'),
    'L6': ('sin(1.5*x1) + relu(x2) + exp(-0.5*x3)', 3, 'exp(x3) + relu(x2) + sin(x1)', 0.1),
}
HELDOUT5 = {   # fixed on 2026-12-01 (third session) after HELDOUT4's one run, before its misses were read; report separately
    'M1': ('sin(2*x1) + exp(0.5*x2)', 2, 'exp(x2) + sin(x1)'),
    'M2': ('2*relu(x1) - tanh(x2)', 2, 'relu(x1) + sigmoid(x2)', 0.1, 'relu(x1) + tanh(x2)'),
    'M3': ('exp(-0.7*x1) + cos(x2) + 0.5*x3', 3, 'exp(x1) + linear(x3) + sin(x2)', 0.1),
    'M4': ('tanh(sin(2*x1))', 1, 'sigmoid(sin(x1))', 0.0, 'tanh(sin(x1))'),
    'M5': ('exp(0.5*x1 - 0.5*x2)', 2, 'exp(linear(x1) + linear(x2))', 0.1),
    'M6': ('logistic(3*x1) + relu(x2 + 0.5)', 2, 'relu(x2) + sigmoid(x1)', 0.1, 'logistic(x1) + relu(x2)'),
}
HELDOUT6 = {   # fixed on 2026-12-01 (third session) while HELDOUT5 ran for the first time, before any of its results were read
    'P1': ('cos(x1) - 0.5*exp(x2)', 2, 'exp(x2) + sin(x1)', 0.1),
    'P2': ('relu(x1 - 1) + tanh(x2) + x3', 3, 'linear(x3) + relu(x1) + sigmoid(x2)', 0.0, 'linear(x3) + relu(x1) + tanh(x2)'),
    'P3': ('exp(tanh(2*x1))', 1, 'exp(sigmoid(x1))', 0.0, 'exp(tanh(x1))'),
    'P4': ('sin(x1 + x2)', 2, 'sin(linear(x1) + linear(x2))', 0.1),
    'P5': ('2*logistic(-x1) + sin(1.5*x2)', 2, 'sigmoid(x1) + sin(x2)', 0.1, 'logistic(x1) + sin(x2)'),
    'P6': ('exp(0.5*x1) + relu(-x2)', 2, 'exp(x1) + relu(x2)'),
}
PARTS = {'suite': SUITE, 'heldout': HELDOUT, 'heldout2': HELDOUT2, 'heldout3': HELDOUT3, 'heldout4': HELDOUT4, 'heldout5': HELDOUT5,
         'heldout6': HELDOUT6}

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST, LOW, HIGH = 500, 500, -2.0, 2.0

def item(name:str)->dict:
    "The item `name` of any part (`PARTS`) as a dict: formula, n_inputs, form, noise, strict form, part."
    part = next((p for p, d in PARTS.items() if name in d), None)
    if part is None: raise KeyError(f"no item {name!r}; items: {items()}")
    spec = PARTS[part][name]
    formula, n_inputs, form = spec[:3]
    noise = spec[3] if len(spec) > 3 else 0.0
    strict = spec[4] if len(spec) > 4 else form
    return dict(name=name, formula=formula, n_inputs=n_inputs, form=form, strict_form=strict, noise=noise, part=part)

def evaluate_formula(formula:str, X:np.ndarray)->np.ndarray:
    "The formula's values on the rows of X (columns x1, x2, ...)."
    ns = dict(_NS, **{f'x{i + 1}': X[:, i] for i in range(X.shape[1])})
    return np.asarray(eval(formula, {'__builtins__': {}}, ns), dtype=np.float64) * np.ones(len(X))

def make_data(name:str, seed:int)->tuple:
    "(X_train, y_train, X_test, y_test) of item `name` for `seed`."
    it = item(name)
    rng = np.random.default_rng([seed, sum(map(ord, name))])
    X = rng.uniform(LOW, HIGH, (N_TRAIN + N_TEST, it['n_inputs']))
    y = evaluate_formula(it['formula'], X)
    if it['noise']: y = y + it['noise'] * y.std() * rng.standard_normal(len(y))
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]

def items(part:str='all')->list[str]:
    "Item names of a part (`PARTS`) or 'all'."
    if part not in (*PARTS, 'all'): raise ValueError(f"part must be one of {[*PARTS, 'all']}, got {part!r}")
    return [n for p, d in PARTS.items() if part in (p, 'all') for n in d]
