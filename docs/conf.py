"""Sphinx configuration of the documentation site (built by `bash docs/build.sh`, see README.md's Documentation section).

The source folder is .docs_build/src/, the notebooks docs/execute.py executed; Sphinx only renders them (no execution here)."""
import shutil, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from pages import reading_order  # noqa: E402

project = 'influence_nas'
author = 'influence_nas developers'
copyright = '2026 onwards, influence_nas developers'
extensions = ['myst_nb']
root_doc = 'index'
exclude_patterns = ['**/.ipynb_checkpoints']
html_theme = 'furo'
html_title = 'influence_nas'
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
highlight_language = 'python'
pygments_style = 'sphinx'
suppress_warnings = ['myst.header', 'mystnb.unknown_mime_type', 'misc.highlighting_failure']

myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence']
myst_heading_anchors = 3
nb_execution_mode = 'off'                 # docs/execute.py executed every notebook (cached, with tiny parameters)
nb_render_markdown_format = 'myst'        # the API entries (show_doc) are markdown with tables
nb_merge_streams = True
nb_ipywidgets_js = {}                     # no widget JavaScript from a CDN

# MathJax from a registry package (jupyter-server-mathjax), copied into _static/: the pages load nothing from outside
mathjax_path = 'mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full'   # the configuration the package ships
mathjax2_config = {'tex2jax': {'inlineMath': [['\\(', '\\)']], 'displayMath': [['\\[', '\\]']], 'processEscapes': True},
                   'showMathMenu': False, 'messageStyle': 'none'}


def _mathjax_dir()->Path:
    import jupyter_server_mathjax
    return Path(jupyter_server_mathjax.__file__).parent / 'static'


def _copy_mathjax(app, exc):
    if exc is None and app.builder.format == 'html':
        shutil.copytree(_mathjax_dir(), Path(app.outdir) / '_static' / 'mathjax', dirs_exist_ok=True)


def _output_folder(app):
    "myst-nb writes output images beside the output folder (<outdir>/../jupyter_execute); keep them in the build folder."
    folder = ROOT / '.docs_build' / 'jupyter_execute'
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def setup(app):
    app.connect('builder-inited', _output_folder, priority=900)   # after myst-nb's own (priority 500)
    app.connect('build-finished', _copy_mathjax)
