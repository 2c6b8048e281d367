#!/usr/bin/env bash
# Build the documentation site into _docs/ offline: execute every notebook (docs/execute.py: cached in .docs_build/, the
# experiments with the tests' tiny parameters), then render them with Sphinx + myst-nb. Needs the docs tools of the dev
# requirements (pip install -e ".[dev]"). Extra arguments go to docs/execute.py (e.g. --jobs 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
start=$(date +%s)
python docs/execute.py "$@"
mid=$(date +%s)
python -m sphinx -b html -q -c docs -d .docs_build/doctrees .docs_build/src _docs
end=$(date +%s)
touch _docs/.nojekyll
echo "docs built into _docs/ in $((end - start)) s (executing $((mid - start)) s, rendering $((end - mid)) s) on $(nproc) CPUs"
