#!/usr/bin/env bash
# The oldest versions setup.cfg claims are Colab's (GPU runtime, August 2026): install them in a
# fresh environment, install implementor_tf on top, check that pip replaced none of them, and run
# a quick subset of the suite and one notebook there.
set -euo pipefail
cd "$(dirname "$0")/.."
# Colab's Python 3.13 where this machine has one (a pyenv shim may exist without working), else python3.
PYTHON=""
for candidate in python3.13 "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3.13 python3; do
  if "$candidate" --version >/dev/null 2>&1; then PYTHON=$candidate; break; fi
done
echo "Oldest versions checked with $("$PYTHON" --version)"
VENV=.venv-oldest
COLAB=("tensorflow==2.20.0" "tensorflow-text==2.20.1" "keras==3.13.2" "keras-hub==0.26.0")
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q "${COLAB[@]}" 2>&1 | grep -v "is ignored" || true
stack() { "$VENV/bin/pip" freeze | grep -iE '^(tensorflow|tensorflow-text|keras|keras-hub)==' | sort; }
before=$(stack)
"$VENV/bin/pip" install -q -e ".[test]" 2>&1 | grep -v "is ignored" || true
after=$(stack)
if [ "$before" != "$after" ]; then
  echo "installing implementor_tf replaced Colab's packages:"; diff <(echo "$before") <(echo "$after") || true
  exit 1
fi
echo "Colab's stack kept as it was: $(echo "$after" | tr '\n' ' ')"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider --durations=5 \
  tests/test_settings.py tests/test_architecture.py tests/face/test_train.py tests/cv/test_train.py \
  "tests/test_notebooks.py::test_the_notebook_runs_top_to_bottom[03_the_cv]"
