"The wiring experiment notebook runs through papermill with tiny parameters and writes its figures outside nbs/."
from pathlib import Path
import papermill as pm

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / 'nbs' / 'experiments' / 'wiring.ipynb'

def test_wiring_experiment(tmp_path):
    out = tmp_path / 'runs'
    pm.execute_notebook(str(NB), str(tmp_path / 'wiring-out.ipynb'), kernel_name='python3', cwd=str(tmp_path),
                        parameters=dict(epochs=2, n_train=64, C=4, seeds='0', out=str(out)), progress_bar=False)
    written = [p for p in out.rglob('*') if p.is_file()]
    assert written, f"the experiment wrote nothing under {out}"
    assert any(p.suffix == '.png' for p in written), [p.name for p in written]
