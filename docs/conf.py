"""Sphinx configuration of the documentation site (built by `bash docs/build.sh`, see README.md's Documentation section).

The source folder is .docs_build/src/, the notebooks docs/execute.py executed; Sphinx only renders them (no execution here)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

project = 'influence_nas'
author = 'influence_nas developers'
copyright = '2026 onwards, influence_nas developers'
extensions = ['myst_nb', 'sphinx-mathjax-offline']
root_doc = 'index'
exclude_patterns = ['**/.ipynb_checkpoints']
html_theme = 'furo'
html_title = 'influence_nas'
html_static_path = ['_static']
html_css_files = ['site.css']
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

# MathJax 3 from a registry package (sphinx-mathjax-offline copies it into _static/): the pages load nothing from outside


def _output_folder(app):
    "myst-nb writes output images beside the output folder (<outdir>/../jupyter_execute); keep them in the build folder."
    folder = ROOT / '.docs_build' / 'jupyter_execute'
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def setup(app):
    app.connect('builder-inited', _output_folder, priority=900)   # after myst-nb's own (priority 500)
