"The `train` experiment notebook: papermill parameters documented, and a tiny run's record holds what it trained."
import json
from pathlib import Path
import papermill
from conftest import execute_notebook

NB = Path(__file__).resolve().parents[1] / 'nbs' / 'experiments' / 'train.ipynb'

def test_parameters_documented():
    params = papermill.inspect_notebook(str(NB))
    assert [k for k, p in params.items() if not p['help']] == []
    assert 'results' in params and params['genotype']['default'] == 'None'

def test_train_experiment(tmp_path):
    execute_notebook(NB, tmp_path / 'out.ipynb', tmp_path, n_train=32, n_test=16, batch_size=16, channels=4, cells=2, device='cpu',
                     results=str(tmp_path / 'results.json'))
    rec = json.loads((tmp_path / 'results.json').read_text())
    m = rec['metrics']
    assert rec['status'] == 'finished' and rec['parameters']['n_train'] == 32
    assert (m['status'], m['epochs_done'], m['protocol']) == ('finished', 1, 'darts')
    assert 0 <= m['test_acc'] <= 1 and m['params'] > m['params_without_auxiliary'] > 0 and m['flops'] == 2 * m['macs']
    assert m['genotype'].startswith('Genotype(') and Path(tmp_path, m['run_dir'], 'result.json').is_file()
