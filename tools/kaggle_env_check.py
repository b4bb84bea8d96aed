"""A tiny Keras fold trained here, loaded in a Kaggle-era environment; notebooks run there. Run by kaggle_env_check.sh.

`python tools/kaggle_env_check.py train DIR` (project venv) trains fold 0 of a tiny synthetic set into DIR and saves the
inputs and predictions; `python tools/kaggle_env_check.py load DIR` (Kaggle-era venv) tries `keras.saving.load_model`,
then seqsense's `load_keras_fold` on the fold and on a copy stripped to the older layout (model.keras only, no build
arguments in meta.json), and prints one summary line with max |delta p| against the predictions made at training time.
`python tools/kaggle_env_check.py notebooks NB...` (Kaggle-era venv) executes notebooks top to bottom the way a user's
kernel does (no nbdev: cells flagged `#| eval: false` or with settings.ini's test flags are skipped, every other cell
runs, hidden ones included), each in its own folder with IN_TEST=1, and prints one line per notebook and a summary.
seqsense is imported from the repository (PYTHONPATH).
"""
from __future__ import annotations
import configparser, json, os, re, shutil, sys, time, traceback, warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402


def _err(e: BaseException) -> str:
    "Type and the innermost 'Exception encountered' line of a Keras error, at most 200 characters."
    s = str(e).rsplit("Exception encountered:", 1)[-1].strip().splitlines()
    return f"{type(e).__name__}: {(s[0] if s else '')[:200]}"


def _probs(out) -> np.ndarray:
    "Gesture probabilities, and orientation probabilities beside them when the model has that head, as one array."
    from seqsense.keras_train import keras_outputs
    g, o = keras_outputs(out)
    return g if o is None else np.hstack([g, o])


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
    tiny = train_all.filter(pl.col("sequence_id").is_in(keep.to_list()))
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
    np.save(work / "p_here.npy", _probs(model.predict_on_batch(x)))
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
    d_new = float(np.abs(_probs(model.predict_on_batch(x)) - p_here).max())
    d_fn = float(np.abs(_probs(make_predict_fn(model)(x)) - p_here).max())
    old = work / "old_layout"
    shutil.copytree(fold, old)
    (old / "model.weights.h5").unlink()
    meta = json.loads((old / "meta.json").read_text()); meta.pop("keras")
    (old / "meta.json").write_text(json.dumps(meta))
    try:
        d_old = f"{float(np.abs(_probs(load_keras_fold(old)[0].predict_on_batch(x)) - p_here).max()):.2e}"
    except Exception as e:
        d_old = f"FAILS ({_err(e)})"
    print(f"load_keras_fold: max|dp| {d_new:.2e} (predict_on_batch), {d_fn:.2e} (make_predict_fn, XLA); "
          f"older fold layout (model.keras only): max|dp| {d_old}")
    v0, v1 = here["versions"], keras_versions()
    print(f"SUMMARY keras {v0['keras']}/tf {v0['tensorflow']}/numpy {v0['numpy']} -> keras {v1['keras']}/tf "
          f"{v1['tensorflow']}/numpy {v1['numpy']}: {plain.split(' (')[0]}; load_keras_fold OK, "
          f"{len(p_here)} sequences, max|dp| {max(d_new, d_fn):.2e}; older layout max|dp| {d_old}")




def _skipped(src: str, flags: set) -> bool:
    "A cell nbdev_test would not run: `#| eval: false`, or a leading `#|` flag in settings.ini's tst_flags."
    for line in src.splitlines():
        m = re.match(r"^\s*#\s*\|\s*(.*)$", line)
        if not m:
            return False
        d = m.group(1).strip()
        if re.fullmatch(r"eval:\s*false", d, re.I) or d in flags:
            return True
    return False


def run_notebook(path: Path, flags: set) -> tuple:
    "(seconds, None or the failing cell and its traceback): every code cell exec'd in one namespace, in its folder."
    import types
    t0, here, main = time.perf_counter(), os.getcwd(), sys.modules["__main__"]
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    sys.modules["__main__"] = mod = types.ModuleType("__main__")  # as in a kernel: classes defined here pickle
    ns = mod.__dict__
    os.chdir(path.parent)
    try:
        for i, c in enumerate(cells):
            src = "".join(c["source"])
            if _skipped(src, flags):
                continue
            try:
                exec(compile(src, f"{path.name}[code cell {i}]", "exec"), ns)
            except BaseException:
                return time.perf_counter() - t0, f"code cell {i}:\n{src[:300]}\n{traceback.format_exc()[-2500:]}"
    finally:
        os.chdir(here)
        sys.modules["__main__"] = main
    return time.perf_counter() - t0, None


def notebooks(paths: list) -> int:
    "Run each notebook (`run_notebook`); one line each, a SUMMARY line; the number that failed."
    import fastcore, numpy, polars
    cfg = configparser.ConfigParser()
    cfg.read(Path(__file__).resolve().parent.parent / "settings.ini")
    flags = set(cfg["DEFAULT"].get("tst_flags", "notest").split())
    os.environ["IN_TEST"] = "1"
    try:
        import torch
        tv = torch.__version__
    except ImportError:
        tv = "none"
    bad = []
    for p in map(Path, paths):
        secs, err = run_notebook(p.resolve(), flags)
        print(f"{p.name}: {'FAILED at ' + err if err else 'ran top to bottom'} ({secs:.1f} s)", flush=True)
        bad += [p.name] if err else []
    print(f"SUMMARY notebooks on python {sys.version.split()[0]}, polars {polars.__version__}, fastcore "
          f"{fastcore.__version__}, numpy {numpy.__version__}, torch {tv}, no nbdev: "
          f"{len(paths) - len(bad)}/{len(paths)} ran" + (f"; FAILED: {', '.join(bad)}" if bad else ""))
    return len(bad)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "notebooks":
        sys.exit(1 if notebooks(sys.argv[2:]) else 0)
    if len(sys.argv) != 3 or sys.argv[1] not in ("train", "load"):
        sys.exit("usage: kaggle_env_check.py train|load DIR, or kaggle_env_check.py notebooks NB.ipynb...")
    {"train": train, "load": load}[sys.argv[1]](Path(sys.argv[2]))
