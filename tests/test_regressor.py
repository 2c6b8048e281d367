"""SymbolicRegressor (influence_nas.regressor): scikit-learn's estimator checks, the API, pickling, Pipeline/GridSearchCV,
feature names, argument errors and the recovery of easy equations. CPU, small settings: about half a minute in all."""
import pickle, warnings
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks
from influence_nas.regressor import SymbolicRegressor, RefitWarning, structure_key, AUTORA_PRIMITIVES   # re-exported from equations, structure_search

# scikit-learn's checks fit the estimator dozens of times on small random data (up to 10 features): they run on a fast
# configuration (affine and sine primitives, one node, 5 supernet epochs, no random restarts) — the same code paths as
# the defaults, which only search longer. Every check passes: none is expected to fail.
FAST = dict(primitives=['none', 'linear', 'sin'], n_nodes=1, epochs=5, random_restarts=0)

@parametrize_with_checks([SymbolicRegressor(**FAST)])
def test_sklearn_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RefitWarning)   # random targets: the chosen equation may fit worse than the supernet
        check(estimator)

def data(f, n_inputs, n=400, seed=0, noise=0.0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (n, n_inputs)); y = f(X)
    return X, y + noise * y.std() * rng.standard_normal(n)

SMALL = dict(primitives=['none', 'linear', 'sin', 'exp', 'tanh'], n_nodes=1, epochs=60)

@pytest.fixture(scope='module')
def fitted():
    X, y = data(lambda X: 2 * np.sin(X[:, 0]) + X[:, 1], 2)
    return SymbolicRegressor(**SMALL).fit(X, y), X, y

def test_recovers_sin_plus_linear(fitted):
    est, X, y = fitted
    assert est.structure_ == 'linear(x2) + sin(x1)'
    assert est.score(X, y) > 0.999999
    e = est.sympy_expr(precision=3)
    import sympy as sp
    x1, x2 = sp.symbols('x1 x2')
    assert sp.simplify(e - (2 * sp.sin(x1) + x2)) == 0
    assert est.equation(3).startswith('y = ') and 'sin(x1)' in est.equation(3)
    assert '\\sin' in est.latex()

def test_recovers_exp_plus_tanh_noisy():
    X, y = data(lambda X: np.exp(0.7 * X[:, 0]) - 1.5 * np.tanh(X[:, 1]), 2, seed=1, noise=0.05)
    est = SymbolicRegressor(**SMALL).fit(X, y)
    assert est.structure_ == 'exp(x1) + sigmoid(x2)', est.equation()
    assert structure_key(est.genotype_, strict=True) == 'exp(x1) + tanh(x2)'

def test_recovers_a_composition():
    X, y = data(lambda X: np.exp(np.sin(2 * X[:, 0])), 1, seed=2)
    est = SymbolicRegressor(primitives=['none', 'linear', 'sin', 'linear_sin', 'exp', 'tanh'], n_nodes=2, epochs=60).fit(X, y)
    assert est.structure_ == 'exp(sin(x1))', est.equation()
    assert est.score(X, y) > 0.99999

def test_recovers_a_falling_relu():
    # relu(1 - x1) is not relu(x1) rescaled: it needs a negative slope (17a_equations: L-BFGS from a = 1 cannot flip it; the start grid tries both signs)
    X, y = data(lambda X: np.maximum(1 - X[:, 0], 0) + 0.5 * X[:, 1], 2, seed=3)
    est = SymbolicRegressor(primitives=['none', 'linear', 'relu', 'linear_relu', 'sin'], n_nodes=1, epochs=40).fit(X, y)
    assert est.structure_ == 'linear(x2) + relu(x1)', est.equation()
    assert est.score(X, y) > 0.999999

def test_dataframe_names(fitted):
    _, X, y = fitted
    est = SymbolicRegressor(**SMALL).fit(pd.DataFrame(X, columns=['dose', 'time']), y)
    assert est.structure_ == 'linear(time) + sin(dose)'
    assert 'dose' in est.equation() and 'time' in est.equation() and 'x1' not in est.equation()
    assert list(est.feature_names_in_) == ['dose', 'time']
    assert est.predict(pd.DataFrame(X[:5], columns=['dose', 'time'])).shape == (5,)

def test_unknown_primitives_one_error(fitted):
    _, X, y = fitted
    est = SymbolicRegressor(primitives=['none', 'sin', 'sine', 'cosh'])      # __init__ takes anything
    with pytest.raises(ValueError, match=r"unknown primitive\(s\) \['sine', 'cosh'\]"): est.fit(X, y)

BAD_ARGUMENTS = [(dict(selection='best'), ValueError, r"selection must be one of \('refit', 'oneshot', 'progressive'\), got 'best'"),
                 (dict(mode='joint'), ValueError, r"mode must be 'single', 'bilevel' or 'fixed', got 'joint'"),
                 (dict(n_nodes=0), ValueError, r"n_nodes must be an int >= 1, got 0"),
                 (dict(top_k=0), ValueError, r"top_k must be an int >= 1 or None, got 0"),
                 (dict(val_fraction=1.0), ValueError, r"val_fraction must be in \(0, 1\), got 1.0"),
                 (dict(criterion='nope'), KeyError, r"unknown selection criterion 'nope'"),
                 (dict(criterion_options=dict(bogus=1)), ValueError, r"criterion 'magnitude' has no option\(s\) \['bogus'\]")]

@pytest.mark.parametrize('bad,error,message', BAD_ARGUMENTS, ids=[next(iter(b)) for b, _, _ in BAD_ARGUMENTS])
def test_bad_arguments(fitted, bad, error, message):
    _, X, y = fitted
    with pytest.raises(error, match=message): SymbolicRegressor(**{**FAST, **bad}).fit(X, y)

def test_pickle_clone_params(fitted):
    est, X, _ = fitted
    p = pickle.loads(pickle.dumps(est))
    assert np.allclose(p.predict(X), est.predict(X), rtol=0, atol=1e-12) and p.equation() == est.equation()
    assert clone(est).get_params() == est.get_params()
    assert est.set_params(top_k=3).top_k == 3 and est.set_params(top_k=None).top_k is None
    assert len(AUTORA_PRIMITIVES) == 17 and SymbolicRegressor().get_params()['primitives'] is None

def test_pipeline_cv_gridsearch(fitted):
    _, X, y = fitted
    assert make_pipeline(StandardScaler(), SymbolicRegressor(**FAST)).fit(X, y).score(X, y) > 0.99
    assert cross_val_score(SymbolicRegressor(**FAST), X, y, cv=2).min() > 0.99
    gs = GridSearchCV(SymbolicRegressor(**FAST), dict(complexity_penalty=[0.5, 2.0]), cv=2).fit(X, y)
    assert gs.best_score_ > 0.99 and gs.best_estimator_.structure_ == 'linear(x2) + sin(x1)'

def test_run_dir_only_when_asked(tmp_path, fitted, monkeypatch):
    _, X, y = fitted
    monkeypatch.chdir(tmp_path)
    SymbolicRegressor(**FAST).fit(X, y)
    assert list(tmp_path.iterdir()) == []
    SymbolicRegressor(**FAST, run_dir=str(tmp_path / 'run')).fit(X, y)
    assert sorted(p.name for p in (tmp_path / 'run').iterdir()) == ['config.json', 'equation.txt', 'genotype.json', 'result.json', 'structures.csv']

def test_rng_untouched_and_repeatable(fitted):
    import torch
    _, X, y = fitted
    torch.manual_seed(123); before = torch.rand(3)
    torch.manual_seed(123); a = SymbolicRegressor(**FAST).fit(X, y); after = torch.rand(3)
    assert torch.equal(before, after)
    b = SymbolicRegressor(**FAST).fit(X, y)
    assert np.array_equal(a.predict(X), b.predict(X))

@pytest.mark.parametrize('selection,criterion', [('oneshot', 'magnitude'), ('oneshot', 'exact'), ('progressive', 'magnitude')])
def test_other_routes_run(fitted, selection, criterion):
    _, X, y = fitted
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RefitWarning)
        est = SymbolicRegressor(**{**FAST, 'epochs': 30}, selection=selection, criterion=criterion).fit(X, y)
    assert np.isfinite(est.predict(X)).all() and est.structures_.shape[0] >= 1   # these routes need not recover it
