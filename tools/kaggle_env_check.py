"""Train a tiny Keras fold here, load it in a Kaggle-era environment. Run by tools/kaggle_env_check.sh.

`python tools/kaggle_env_check.py train DIR` (project venv) trains fold 0 of a tiny synthetic set into DIR and saves the
inputs and predictions; `python tools/kaggle_env_check.py load DIR` (Kaggle-era venv) tries `keras.saving.load_model`,
then seqsense's `load_keras_fold` on the fold and on a copy stripped to the older layout (model.keras only, no build
arguments in meta.json), and prints one summary line with max |delta p| against the predictions made at training time.
seqsense is imported from the repository (PYTHONPATH).
"""
from __future__ import annotations
import json, os, shutil, sys, warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402


def _err(e: BaseException) -> str:
    "Type and the innermost 'Exception encountered' line of a Keras error, at most 200 characters."
    s = str(e).rsplit("Exception encountered:", 1)[-1].strip().splitlines()
    return f"{type(e).__name__}: {(s[0] if s else '')[:200]}"


def train(work: Path) -> None:
    import polars as pl
    from seqsense.config import load_config
    from seqsense.data import load_train, make_folds, sequence_table, split_sequences
    from seqsense.features import is_imu_only
    from seqsense.synth import make_synthetic_dataset
    from seqsense.cv import frames_for
    from seqsense.keras_train import train_keras_models, load_keras_fold, keras_inputs, keras_versions
    make_synthetic_dataset(work / "syn", n_subjects=4, seed=0, fmt="parquet")
    train_all, demo = load_train(work / "syn")
    keep = sequence_table(train_all).group_by("subject", maintain_order=True).head(8)["sequence_id"]
    tiny = train_all.filter(pl.col("sequence_id").is_in(keep.implode()))
    cfg = load_config({"OUTPUT_PATH": str(work / "run"), "N_FOLDS": "2", "MAX_EPOCHS": "2", "BATCH_SIZE": "8",
                       "PAD_LEN": "32"})
    folds = make_folds(tiny, 2, 42)
    train_keras_models(tiny, demo, cfg, folds=folds, fold_ids=[0], verbose=0,
                       model_kw={"imu_dim": 16, "tof_dim": 8, "rnn_units": 8, "head_dim": 16})
    model, meta = load_keras_fold(cfg.keras_dir / "fold00")
    seqs = split_sequences(tiny)
    fr = frames_for(tiny, demo, cfg, seqs)
    frames = [fr[s["sequence_id"][0]] for s in seqs]
    x = keras_inputs(frames, [not is_imu_only(s) for s in seqs], meta["stats"], int(meta["pad_len"]))
    np.savez(work / "inputs.npz", **x)
    np.save(work / "p_here.npy", np.asarray(model.predict_on_batch(x)))
    (work / "here.json").write_text(json.dumps({"fold": str(cfg.keras_dir / "fold00"), "versions": keras_versions()}))
    print(f"here: trained {cfg.keras_dir / 'fold00'} with {keras_versions()}; "
          f"files {sorted(p.name for p in (cfg.keras_dir / 'fold00').iterdir())}")


def load(work: Path) -> None:
    import keras
    from seqsense.keras_train import load_keras_fold, make_predict_fn, keras_versions
    here = json.loads((work / "here.json").read_text())
    fold = Path(here["fold"])
    x = dict(np.load(work / "inputs.npz"))
    p_here = np.load(work / "p_here.npy")
    print(f"kaggle env: {keras_versions()}")
    try:
        keras.saving.load_model(fold / "model.keras", compile=False)
        plain = "load_model OK"
    except Exception as e:
        plain = f"load_model FAILS ({_err(e)})"
    print(f"plain keras.saving.load_model(model.keras): {plain}")
    model, _ = load_keras_fold(fold)
    d_new = float(np.abs(model.predict_on_batch(x) - p_here).max())
    d_fn = float(np.abs(make_predict_fn(model)(x) - p_here).max())
    old = work / "old_layout"
    shutil.copytree(fold, old)
    (old / "model.weights.h5").unlink()
    meta = json.loads((old / "meta.json").read_text()); meta.pop("keras")
    (old / "meta.json").write_text(json.dumps(meta))
    try:
        d_old = f"{float(np.abs(load_keras_fold(old)[0].predict_on_batch(x) - p_here).max()):.2e}"
    except Exception as e:
        d_old = f"FAILS ({_err(e)})"
    print(f"load_keras_fold: max|dp| {d_new:.2e} (predict_on_batch), {d_fn:.2e} (make_predict_fn, XLA); "
          f"older fold layout (model.keras only): max|dp| {d_old}")
    v0, v1 = here["versions"], keras_versions()
    print(f"SUMMARY keras {v0['keras']}/tf {v0['tensorflow']}/numpy {v0['numpy']} -> keras {v1['keras']}/tf "
          f"{v1['tensorflow']}/numpy {v1['numpy']}: {plain.split(' (')[0]}; load_keras_fold OK, "
          f"{len(p_here)} sequences, max|dp| {max(d_new, d_fn):.2e}; older layout max|dp| {d_old}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("train", "load"):
        sys.exit("usage: kaggle_env_check.py train|load DIR")
    {"train": train, "load": load}[sys.argv[1]](Path(sys.argv[2]))
