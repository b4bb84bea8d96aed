#!/usr/bin/env bash
# GPU check of seqsense: runs the `#| cuda` cells of nbs/10_gpu.ipynb (Torch AMP + GradScaler, GPU memory logging,
# Keras mixed_float16) with `nbdev_test --flags cuda`, then prints the numbers they measured. Run from anywhere:
#   bash tools/gpu_check.sh
# On an offline GPU machine without seqsense's dependencies, put their wheels (polars, keras, nbdev, execnb, fastcore, ...
# at the versions of constraints.txt) in the git-ignored .gpu/whl; they are installed into /tmp/site first
# (SKIP_INSTALL=1 skips that). PY picks the interpreter (default python3). Results land in $OUT (default .gpu/out).
set -u
cd "$(dirname "$0")/.."
PY=${PY:-python3}
export PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false TF_CPP_MIN_LOG_LEVEL=2
if [ "${SKIP_INSTALL:-0}" != 1 ] && ls .gpu/whl/*.whl >/dev/null 2>&1 && [ ! -d /tmp/site/polars ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .gpu/whl/*.whl \
    || echo "pip install failed: $?"
fi
[ -d /tmp/site ] && export PYTHONPATH=/tmp/site:$PWD${PYTHONPATH:+:$PYTHONPATH} PATH=/tmp/site/bin:$PATH
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
# Keras needs a backend that sees the GPU: TensorFlow wheels are often CPU-only, so prefer JAX, then Torch.
if [ -z "${KERAS_BACKEND:-}" ]; then
  if "$PY" -c "import jax, sys; sys.exit(jax.default_backend() != 'gpu')" 2>/dev/null; then export KERAS_BACKEND=jax
  else export KERAS_BACKEND=torch; fi
fi
export OUT=${OUT:-$PWD/.gpu/out}; mkdir -p "$OUT"
echo "gpu_check: KERAS_BACKEND=$KERAS_BACKEND OUT=$OUT"
timeout -k 10 "${GPU_CHECK_TIMEOUT:-540}" "$PY" -c "from nbdev.test import nbdev_test; nbdev_test(path='nbs/10_gpu.ipynb', flags='cuda', do_print=True)" \
  2>&1 | tee "$OUT/gpu_check.log"
rc=${PIPESTATUS[0]}
[ -f "$OUT/gpu_summary.json" ] && cat "$OUT/gpu_summary.json"
echo "gpu_check exit status $rc"; exit "$rc"
