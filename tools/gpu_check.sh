#!/usr/bin/env bash
# GPU check of seqsense (CUDA AMP + GradScaler, GPU memory logging, Keras mixed_float16). Run from the repo root: bash tools/gpu_check.sh
# On a machine without polars/keras, put their wheels in .gpu/whl (git-ignored): see tools/gpu_check.py.
# Installs the wheels in .gpu/whl into /tmp/site unless SKIP_INSTALL=1; PY picks the interpreter (default python3).
set -u
cd "$(dirname "$0")/.."
PY=${PY:-python3}
export PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false TF_CPP_MIN_LOG_LEVEL=2
if [ "${SKIP_INSTALL:-0}" != 1 ] && [ ! -d /tmp/site/polars ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .gpu/whl/*.whl || echo "pip install failed: $?"
fi
[ "${SKIP_INSTALL:-0}" != 1 ] && export PYTHONPATH=/tmp/site:$PWD${PYTHONPATH:+:$PYTHONPATH}
export OUT=${OUT:-$PWD/.gpu/out}; mkdir -p "$OUT"
timeout -k 10 "${GPU_CHECK_TIMEOUT:-330}" "$PY" -u tools/gpu_check.py 2>&1 | tee "$OUT/gpu_check.log"
rc=${PIPESTATUS[0]}; echo "gpu_check exit status $rc"; exit "$rc"
