#!/usr/bin/env bash
# Do Keras folds trained with this repo's environment load in a Kaggle-era environment (Keras 3.8 / TF 2.18)?
# Run from the repo root with the project venv active: bash tools/kaggle_env_check.sh
# 1. builds once a venv with the versions of Kaggle's 2025 image ($KAGGLE_ENV, default ~/.cache/seqsense-kaggle-env;
#    rebuilt when the pinned versions change or with REBUILD=1);
# 2. trains a tiny Keras fold with the current interpreter (the project venv) into a temp folder;
# 3. in the Kaggle-era venv: tries plain keras.saving.load_model, then seqsense's load_keras_fold (also on the same
#    fold stripped to the older layout), and prints max |delta p| against the predictions made here;
# 4. in the Kaggle-era venv (no nbdev; torch when $TORCH_PIN installs there): executes the tutorials (or $NOTEBOOKS)
#    top to bottom as a user's kernel does, with the test flags' cells skipped.
# Steps 3 and 4 each end with a SUMMARY line. Env: KAGGLE_ENV, KAGGLE_PY (python3.11), HERE_PY (python), REBUILD=1,
# TORCH_PIN (default torch==2.13.0: Kaggle has 2.6, this machine's disk holds the 2.13.0 CPU wheel), NOTEBOOKS.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
KAGGLE_ENV=${KAGGLE_ENV:-$HOME/.cache/seqsense-kaggle-env}
KAGGLE_PY=${KAGGLE_PY:-python3.11}
HERE_PY=${HERE_PY:-python}
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONUNBUFFERED=1 CUDA_VISIBLE_DEVICES=""
PINS="tensorflow-cpu==2.18.1 keras==3.8.0 numpy==1.26.4 polars==1.21.0 pandas==2.2.3 scipy==1.14.1 scikit-learn==1.2.2"
PINS="$PINS fastcore==1.7.29 pyarrow==19.0.1 lightgbm tqdm matplotlib ipython"  # a Kaggle kernel is IPython
TORCH_PIN=${TORCH_PIN:-torch==2.13.0}
if [ "${REBUILD:-0}" = 1 ] || [ "$(cat "$KAGGLE_ENV/pins.txt" 2>/dev/null)" != "$PINS $TORCH_PIN" ]; then
  command -v "$KAGGLE_PY" >/dev/null || { echo "kaggle_env_check: $KAGGLE_PY not found (set KAGGLE_PY)" >&2; exit 2; }
  echo "kaggle_env_check: building $KAGGLE_ENV ($PINS)"
  rm -rf "$KAGGLE_ENV"
  "$KAGGLE_PY" -m venv "$KAGGLE_ENV"
  # shellcheck disable=SC2086
  if ! "$KAGGLE_ENV/bin/python" -m pip install -q --disable-pip-version-check $PINS > "$KAGGLE_ENV/pip.log" 2>&1; then
    grep -v "^WARNING: Location" "$KAGGLE_ENV/pip.log" >&2; rm -rf "$KAGGLE_ENV"
    echo "kaggle_env_check: pip could not install $PINS (see above)" >&2; exit 2
  fi
  # optional: without torch for this Python the notebooks are not run (step 4)
  "$KAGGLE_ENV/bin/python" -m pip install -q --disable-pip-version-check "$TORCH_PIN" >> "$KAGGLE_ENV/pip.log" 2>&1 ||
    echo "kaggle_env_check: $TORCH_PIN did not install (see $KAGGLE_ENV/pip.log); notebooks will not run" >&2
  "$KAGGLE_ENV/bin/python" -m pip check
  "$KAGGLE_ENV/bin/python" -m pip freeze > "$KAGGLE_ENV/freeze.txt"
  echo "$PINS $TORCH_PIN" > "$KAGGLE_ENV/pins.txt"
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kaggle_env_check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PYTHONPATH=$REPO "$HERE_PY" "$REPO/tools/kaggle_env_check.py" train "$WORK"
PYTHONPATH=$REPO "$KAGGLE_ENV/bin/python" "$REPO/tools/kaggle_env_check.py" load "$WORK"
# shellcheck disable=SC2086
NOTEBOOKS=${NOTEBOOKS:-$(ls nbs/tutorials/*.ipynb)}
if "$KAGGLE_ENV/bin/python" -c "import torch" 2>/dev/null; then
  # shellcheck disable=SC2086
  PYTHONPATH=$REPO "$KAGGLE_ENV/bin/python" "$REPO/tools/kaggle_env_check.py" notebooks $NOTEBOOKS
else
  echo "kaggle_env_check: no torch in $KAGGLE_ENV: notebooks not run"
fi
