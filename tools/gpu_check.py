#!/usr/bin/env python3
"""One short GPU check of seqsense (a developer tool, not part of the package): `bash tools/gpu_check.sh`.

Where the GPU machine lacks seqsense's dependencies (polars, keras, ...) and has no internet, download their wheels here into the
git-ignored folder .gpu/whl (`pip download --no-deps --only-binary=:all: --python-version 3.12 --platform manylinux_2_28_x86_64 ...`
with the versions of constraints.txt); tools/gpu_check.sh installs them into /tmp/site first.

Main mode (no arguments):
  env    nvidia-smi -L, versions, torch.cuda device name
  data   synthetic dataset (seqsense.data.make_synthetic_dataset) -> load_train
  torch  train_torch_models, 2 folds x EPOCHS, AMP=0 then AMP=1 (fp16 autocast + GradScaler on CUDA)
  amp    one forward pass under amp_context: logits dtype (float16 expected on CUDA)
  keras  train_keras_models in a separate python per KERAS_MP value (KERAS_BACKEND=jax, fallback torch)
Writes $OUT/summary.json (rewritten after every part) and the JSONL progress logs, prints a summary table.

Keras child mode: gpu_check.py keras DATA_DIR MP OUTPUT_PATH RESULT_JSON

Environment knobs: GPU_CHECK_SMALL=1 (3 subjects, 1 epoch: CPU smoke test), GPU_CHECK_SUBJECTS, GPU_CHECK_EPOCHS,
GPU_CHECK_BATCH, GPU_CHECK_BUDGET_S (soft time budget, default 270 s), GPU_CHECK_KERAS_BACKENDS (default "jax,torch").
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time, traceback
from pathlib import Path

SMALL = os.environ.get("GPU_CHECK_SMALL", "") == "1"
N_SUBJ = int(os.environ.get("GPU_CHECK_SUBJECTS") or (3 if SMALL else 12))
EPOCHS = int(os.environ.get("GPU_CHECK_EPOCHS") or (1 if SMALL else 10))
BATCH = int(os.environ.get("GPU_CHECK_BATCH") or 64)
FOLDS = 2
BUDGET = float(os.environ.get("GPU_CHECK_BUDGET_S") or 270)
OUT = Path(os.environ.get("OUT") or Path(__file__).resolve().parent / "out")
ROOT = Path(__file__).resolve().parent.parent

# settings read by seqsense from the environment (also by the Keras child, which inherits them)
os.environ.setdefault("IN_TEST", "1")                 # seqsense.progress: no tqdm bars in the log
os.environ.setdefault("FRAME_CACHE_MAX_ITEMS", "20000")  # all sequences fit: no warm_cache eviction warnings
os.environ.setdefault("FRAME_CACHE_MAX_MB", "8000")
os.environ.setdefault("SAVE_JSONL", "1")
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["PYTHONUNBUFFERED"] = "1"
import importlib.util
if importlib.util.find_spec("seqsense") is None: sys.path.insert(0, str(ROOT))  # PYTHONPATH may point at another copy

T0 = time.perf_counter()
def el(): return time.perf_counter() - T0

def jdump(obj, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(obj, indent=1, default=str))

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None

def epoch_stats(recs, key):
    "Median of `key` over the epochs after the first of each fold (all epochs when there is only one)."
    late = [r.get(key) for r in recs if r.get("epoch", 1) > 1]
    return med(late if any(v is not None for v in late) else [r.get(key) for r in recs])

def fmt(v, spec=".3f"):
    if v is None: return "-"
    try: return format(v, spec)
    except (TypeError, ValueError): return str(v)

# ---------------------------------------------------------------------------------------------------------------- keras child
def keras_child(data_dir, mp, out_path, result_json):
    mp = int(mp); backend = os.environ.get("KERAS_BACKEND", "?")
    info = {"backend": backend, "mp": mp, "ok": False}
    t = time.perf_counter()
    try:
        if backend == "jax":
            import jax
            devs = jax.devices()
            info.update(jax_version=jax.__version__, jax_devices=[str(d) for d in devs], jax_default_backend=jax.default_backend())
            print(f"[keras child] jax {jax.__version__}, default backend {jax.default_backend()}, devices {devs}", flush=True)
            if os.environ.get("GPU_CHECK_REQUIRE_GPU") == "1" and jax.default_backend() != "gpu":
                info["error"] = "jax sees no GPU"; jdump(info, result_json); sys.exit(3)
        import keras
        from seqsense.config import load_config
        from seqsense.data import load_train
        import seqsense.keras_train as kt
        if os.environ.get("GPU_CHECK_FORCE_FP16") == "1":  # CPU testing of the mixed_float16 path only
            kt.keras_policy_name = lambda mp, gpu=None: "mixed_float16" if mp else "float32"
        keras_policy_name, train_keras_models = kt.keras_policy_name, kt.train_keras_models
        from seqsense.progress import read_jsonl
        info["keras_version"] = keras.__version__; info["keras_backend"] = keras.backend.backend()
        try: info["keras_gpu_devices"] = [str(d) for d in keras.distribution.list_devices("gpu")]
        except Exception as e: info["keras_gpu_devices"] = f"error: {type(e).__name__}: {e}"
        info["policy_expected"] = keras_policy_name(bool(mp))
        if os.environ.get("GPU_CHECK_REQUIRE_GPU") == "1" and backend == "torch":
            import torch
            if not torch.cuda.is_available(): info["error"] = "torch sees no GPU"; jdump(info, result_json); sys.exit(3)
        info["setup_s"] = time.perf_counter() - t
        print(f"[keras child] keras {keras.__version__} backend {info['keras_backend']}, gpu devices {info['keras_gpu_devices']}, "
              f"KERAS_MP={mp} -> policy {info['policy_expected']} (setup {info['setup_s']:.1f}s)", flush=True)
        train, demo = load_train(data_dir)
        cfg = load_config().replace(OUTPUT_PATH=str(out_path), N_FOLDS=FOLDS, MAX_EPOCHS=EPOCHS, KERAS_MP=mp, BATCH_SIZE=BATCH, SEED=42)
        t1 = time.perf_counter()
        res = train_keras_models(train, demo, cfg, verbose=1)
        info["wall_s"] = time.perf_counter() - t1
        recs = read_jsonl(Path(cfg.logs_dir) / "keras_progress.jsonl")
        info.update(ok=True, dtype_policy=res["dtype_policy"], global_policy_after=keras.config.dtype_policy().name,
                    oof_score=res["oof_score"], oof_imu_only_score=res["oof_imu_only_score"], timings=res["timings"],
                    folds=[{k: f.get(k) for k in ("fold", "score", "epochs_run", "best_epoch", "fit_s", "s_per_epoch", "score_s")} for f in res["folds"]],
                    epoch_secs_median_after_first=epoch_stats(recs, "secs"), epoch_secs_first=[r.get("secs") for r in recs if r.get("epoch") == 1],
                    n_epoch_records=len(recs), jsonl=str(Path(cfg.logs_dir) / "keras_progress.jsonl"))
    except SystemExit: raise
    except BaseException as e:
        info["error"] = f"{type(e).__name__}: {e}"; info["traceback"] = traceback.format_exc()
        traceback.print_exc()
    info["child_s"] = time.perf_counter() - t
    jdump(info, result_json)
    sys.exit(0 if info["ok"] else 1)

# ---------------------------------------------------------------------------------------------------------------- main parts
S = {"config": {"small": SMALL, "subjects": N_SUBJ, "epochs": EPOCHS, "folds": FOLDS, "batch": BATCH, "budget_s": BUDGET}, "parts": {}}

def save_summary(): jdump(S, OUT / "summary.json")

def part(name, fn, *a):
    print(f"\n===== [{name}] start at {el():.1f}s", flush=True); t = time.perf_counter()
    rec = {"ok": False}
    try:
        r = fn(*a); rec.update(r or {}); rec["ok"] = rec.get("ok_override", True); rec.pop("ok_override", None)
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt): raise
        rec["error"] = f"{type(e).__name__}: {e}"; traceback.print_exc()
    rec["secs"] = time.perf_counter() - t
    S["parts"][name] = rec; save_summary()
    print(f"===== [{name}] {'ok' if rec['ok'] else 'FAILED: ' + rec.get('error', '?')} in {rec['secs']:.1f}s (total {el():.1f}s)", flush=True)
    return rec

def p_env():
    from importlib.metadata import version, PackageNotFoundError
    r = {"python": sys.version.split()[0]}
    try: r["nvidia_smi"] = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception as e: r["nvidia_smi"] = f"unavailable ({type(e).__name__})"
    print(r["nvidia_smi"])
    vers = {}
    for p in ("torch", "jax", "jaxlib", "jax-cuda12-plugin", "jax-cuda13-plugin", "keras", "polars", "polars-runtime-32", "numpy",
              "pandas", "pyarrow", "scikit-learn", "scipy", "optree", "namex", "tensorflow", "tensorflow-cpu"):
        try: vers[p] = version(p)
        except PackageNotFoundError: pass
    r["versions"] = vers
    import torch, polars
    r["polars_import"] = polars.__version__
    r["cuda_available"] = torch.cuda.is_available(); r["torch_cuda"] = torch.version.cuda
    r["cudnn"] = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
    r["device_name"] = torch.cuda.get_device_name(0) if r["cuda_available"] else "cpu"
    r["cpu_count"] = os.cpu_count(); r["torch_threads"] = torch.get_num_threads()
    print(f"python {r['python']} | " + " | ".join(f"{k} {v}" for k, v in vers.items()))
    print(f"torch.cuda.is_available={r['cuda_available']} device={r['device_name']} torch.version.cuda={r['torch_cuda']} cudnn={r['cudnn']} cpus={r['cpu_count']}")
    return r

CTX = {}

def p_data():
    from seqsense.data import load_train
    from seqsense.synth import make_synthetic_dataset
    tmp = Path(tempfile.mkdtemp(prefix="seqsense_gpucheck_")); CTX["tmp"] = tmp
    t = time.perf_counter(); make_synthetic_dataset(tmp / "data", n_subjects=N_SUBJ, seed=0, fmt="parquet"); gen = time.perf_counter() - t
    train, demo = load_train(tmp / "data"); CTX.update(train=train, demo=demo, data_dir=tmp / "data")
    r = {"gen_s": gen, "rows": train.height, "sequences": train["sequence_id"].n_unique(), "subjects": demo.height, "tmp": str(tmp)}
    print(f"synthetic: {r['subjects']} subjects, {r['sequences']} sequences, {r['rows']} rows (generated in {gen:.1f}s) in {tmp}")
    return r

def _dataloaders(train_ds, valid_ds, cfg=None, device="cpu", seed=0):
    "make_loaders' DataLoader branch with NUM_WORKERS=0 (what preloaded datasets got before BlockLoader)."
    import torch
    from torch.utils.data import DataLoader
    import seqsense.torch_train as tt
    kw = dict(batch_size=cfg.BATCH_SIZE, num_workers=0, collate_fn=tt.collate_batch, pin_memory=torch.device(device).type == "cuda")
    g = torch.Generator(); g.manual_seed(seed)
    return (DataLoader(train_ds, sampler=tt.EpochSampler(len(train_ds), seed), generator=g, **kw),
            None if valid_ds is None else DataLoader(valid_ds, shuffle=False, generator=g, **kw))

LOADERS = {"block": "BlockLoader (default)", "dl_batch": "DataLoader, batch fetch", "dl_items": "DataLoader, per-item fetch"}

def p_torch(amp, loader="block"):
    import torch
    import seqsense.torch_train as tt
    from seqsense.config import load_config
    from seqsense.progress import read_jsonl
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    scalers, orig = [], tt.make_grad_scaler
    def capture(device, enabled):
        s = orig(device, enabled); scalers.append(s); return s
    tag = f"torch_amp{amp}" + ("" if loader == "block" else "_" + loader)
    cfg = load_config().replace(OUTPUT_PATH=str(CTX["tmp"] / tag), N_FOLDS=FOLDS, MAX_EPOCHS=EPOCHS, AMP=amp,
                                BATCH_SIZE=BATCH, NUM_WORKERS=0, SEED=42)
    tt.make_grad_scaler = capture  # train_fold looks it up in the module: we keep the scaler to read its scale
    getitems, make_loaders = tt.TorchDataset.__getitems__, tt.make_loaders
    if loader != "block": tt.make_loaders = _dataloaders
    if loader == "dl_items": tt.TorchDataset.__getitems__ = None  # the DataLoader then fetches item by item and stacks
    try:
        if dev.type == "cuda": torch.cuda.synchronize()
        t = time.perf_counter()
        res = tt.train_torch_models(CTX["train"], CTX["demo"], cfg, device=dev, verbose=True)
        if dev.type == "cuda": torch.cuda.synchronize()
        wall = time.perf_counter() - t
    finally: tt.make_grad_scaler, tt.TorchDataset.__getitems__, tt.make_loaders = orig, getitems, make_loaders
    log = Path(cfg.logs_dir) / "torch_progress.jsonl"; recs = read_jsonl(log)
    if log.exists() and loader == "block": shutil.copy(log, OUT / f"{tag}_progress.jsonl")
    sc = []
    for s in scalers:
        d = {"enabled": s.is_enabled()}
        if s.is_enabled():
            try: d["scale"] = float(s.get_scale())
            except Exception as e: d["scale"] = f"error {e}"
        sc.append(d)
    r = {"device": str(dev), "amp": amp, "wall_s": wall, "oof_score": res.get("oof_score"), "oof_imu_only_score": res.get("oof_imu_only_score"),
         "timings": res.get("timings"), "completed": res.get("completed"),
         "folds": [{k: f.get(k) for k in ("fold", "best_epoch", "best_score", "epochs_run", "secs")} for f in res.get("folds", [])],
         "samples_per_sec_median": epoch_stats(recs, "samples_per_sec"), "epoch_secs_median": epoch_stats(recs, "secs"),
         "data_wait_frac_median": epoch_stats(recs, "data_wait_frac"), "loader": LOADERS[loader],
         "max_mem_gb_max": max([x.get("max_mem_gb") or 0 for x in recs], default=None),
         "per_epoch": [{k: x.get(k) for k in ("fold", "epoch", "secs", "samples_per_sec", "data_wait_frac", "max_mem_gb", "score", "train_loss")} for x in recs],
         "grad_scalers": sc, "grad_scaler_enabled": any(d["enabled"] for d in sc)}
    print(f"[{tag}] data wait median {fmt(r['data_wait_frac_median'], '.3f')} | wall {wall:.1f}s | OOF {fmt(r['oof_score'], '.4f')} | median {fmt(r['samples_per_sec_median'], '.0f')} samples/s | "
          f"epoch {fmt(r['epoch_secs_median'], '.2f')}s | peak mem {fmt(r['max_mem_gb_max'], '.3f')} GB | GradScaler {sc}")
    for x in recs: print(f"   fold {x['fold']} ep {x['epoch']:>2}: {x['secs']:.2f}s {x['samples_per_sec']:.0f} samples/s max_mem_gb {x['max_mem_gb']:.3f} score {x['score']:.4f}")
    return r

def p_amp_dtype():
    import torch
    from seqsense.torch_train import amp_context, build_torch_model, model_config, torch_feature_cols
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    m = build_torch_model(model_config(torch_feature_cols())).to(dev).eval()
    x = torch.randn(4, 32, m.n_imu + m.n_tof, device=dev); mask = torch.ones(4, 32, device=dev)
    out = {}
    with torch.no_grad():
        for amp in (False, True):
            with amp_context(dev, amp): out[f"amp{int(amp)}_logits_dtype"] = str(m(x, mask).dtype)
    print(out)
    return out

def p_keras(mp, backends, failed):
    py = sys.executable
    for b in [b for b in backends if b not in failed]:
        left = BUDGET - el()
        if left < 45: return {"skipped": f"time budget: {left:.0f}s left", "ok_override": False}
        res_json = CTX["tmp"] / f"keras_mp{mp}_{b}.json"; outp = CTX["tmp"] / f"keras_mp{mp}_{b}"
        env = {**os.environ, "KERAS_BACKEND": b, "XLA_PYTHON_CLIENT_PREALLOCATE": "false", "PYTHONUNBUFFERED": "1",
               "GPU_CHECK_REQUIRE_GPU": "1" if CTX.get("cuda") else "0"}
        print(f"--- keras child: KERAS_BACKEND={b} KERAS_MP={mp} (timeout {left - 10:.0f}s)", flush=True)
        t = time.perf_counter()
        try: rc = subprocess.run([py, str(Path(__file__).resolve()), "keras", str(CTX["data_dir"]), str(mp), str(outp), str(res_json)],
                                 env=env, timeout=max(30, left - 10)).returncode
        except subprocess.TimeoutExpired: rc = "timeout"
        info = json.loads(res_json.read_text()) if res_json.exists() else {}
        info.update(rc=rc, subprocess_s=time.perf_counter() - t)
        if info.get("ok"):
            j = Path(info.get("jsonl", ""))
            if j.exists(): shutil.copy(j, OUT / f"keras_mp{mp}_progress.jsonl")
            if b != backends[0]: info["note"] = f"fell back to KERAS_BACKEND={b} (failed: {sorted(failed)})"
            print(f"[keras MP={mp} {b}] policy {info.get('dtype_policy')} | wall {info['wall_s']:.1f}s | OOF {fmt(info.get('oof_score'), '.4f')} | "
                  f"epoch {fmt(info.get('epoch_secs_median_after_first'), '.2f')}s (first {[round(s or 0, 1) for s in info.get('epoch_secs_first', [])]})")
            return info
        failed[b] = info.get("error") or f"rc={rc}"
        print(f"[keras MP={mp}] backend {b} failed: {failed[b]}", flush=True)
        S["parts"].setdefault("keras_failures", {})[f"mp{mp}_{b}"] = {k: info.get(k) for k in ("error", "rc", "traceback", "jax_devices")}
    return {"ok_override": False, "error": f"all backends failed: {failed}"}

def summary_table():
    P = S["parts"]; lines = ["", "=" * 100, "SUMMARY  (" + P.get("env", {}).get("device_name", "?") + f", {N_SUBJ} subjects, {FOLDS} folds x {EPOCHS} epochs, batch {BATCH})"]
    lines.append(f"{'run':<22} {'ok':<4} {'wall s':>8} {'feat s':>7} {'train s':>8} {'OOF':>7} {'ep s med':>9} {'samples/s':>10} {'max_mem_gb':>10}  notes")
    tm = lambda r, k: (r.get("timings") or {}).get(k)
    for tag in ("torch_amp0_dl_items", "torch_amp0_dl_batch", "torch_amp0", "torch_amp1"):
        r = P.get(tag, {}); amp = tag[9] + {"torch_amp0_dl_items": " DL items", "torch_amp0_dl_batch": " DL batch"}.get(tag, "")
        note = (f"data wait {fmt(r.get('data_wait_frac_median'), '.3f')} GradScaler enabled={r.get('grad_scaler_enabled')} "
                f"scales={[d.get('scale') for d in r.get('grad_scalers', [])]}") if r.get("ok") else r.get("error", "")
        lines.append(f"{'torch AMP=' + str(amp):<22} {str(r.get('ok', '-')):<4} {fmt(r.get('wall_s'), '.1f'):>8} {fmt(tm(r, 'features_s'), '.1f'):>7} {fmt(tm(r, 'train_s'), '.1f'):>8} {fmt(r.get('oof_score'), '.4f'):>7} "
                     f"{fmt(r.get('epoch_secs_median'), '.2f'):>9} {fmt(r.get('samples_per_sec_median'), '.0f'):>10} {fmt(r.get('max_mem_gb_max'), '.3f'):>10}  {note}")
    for mp in (0, 1):
        r = P.get(f"keras_mp{mp}", {})
        note = f"backend {r.get('backend')} policy {r.get('dtype_policy')} {r.get('note', '')}" if r.get("ok") else (r.get("error") or r.get("skipped") or "")
        lines.append(f"{'keras KERAS_MP=' + str(mp):<22} {str(r.get('ok', '-')):<4} {fmt(r.get('wall_s'), '.1f'):>8} {fmt(tm(r, 'features_s'), '.1f'):>7} {fmt(tm(r, 'train_s'), '.1f'):>8} {fmt(r.get('oof_score'), '.4f'):>7} "
                     f"{fmt(r.get('epoch_secs_median_after_first'), '.2f'):>9} {'':>10} {'':>10}  {note}")
    t0, t1, k0, k1 = (P.get(n, {}) for n in ("torch_amp0", "torch_amp1", "keras_mp0", "keras_mp1"))
    ratios = {}
    for v in ("dl_items", "dl_batch"):
        ti = P.get(f"torch_amp0_{v}", {})
        if ti.get("ok") and t0.get("ok") and ti.get("epoch_secs_median") and t0.get("epoch_secs_median"):
            ratios[f"torch epoch s BlockLoader / {v}"] = t0["epoch_secs_median"] / ti["epoch_secs_median"]
            ratios[f"torch OOF BlockLoader minus {v}"] = (t0.get("oof_score") or 0) - (ti.get("oof_score") or 0)
    if t0.get("ok") and t1.get("ok"):
        ratios["torch AMP=1/AMP=0 wall"] = t1["wall_s"] / t0["wall_s"]
        if t0.get("epoch_secs_median") and t1.get("epoch_secs_median"): ratios["torch AMP=1/AMP=0 epoch s"] = t1["epoch_secs_median"] / t0["epoch_secs_median"]
    if k0.get("ok") and k1.get("ok"):
        ratios["keras MP=1/MP=0 wall"] = k1["wall_s"] / k0["wall_s"]
        if k0.get("epoch_secs_median_after_first") and k1.get("epoch_secs_median_after_first"):
            ratios["keras MP=1/MP=0 epoch s"] = k1["epoch_secs_median_after_first"] / k0["epoch_secs_median_after_first"]
    S["ratios"] = ratios
    for k, v in ratios.items(): lines.append(f"  ratio {k}: {v:.2f}")
    am = P.get("amp_dtype", {})
    if am.get("ok"): lines.append(f"  torch logits dtype: AMP=0 {am.get('amp0_logits_dtype')}, AMP=1 {am.get('amp1_logits_dtype')}")
    lines.append("  part seconds: " + ", ".join(f"{k} {v.get('secs', 0):.1f}" for k, v in P.items() if isinstance(v, dict) and "secs" in v) + f" | total {el():.1f}s")
    print("\n".join(lines + ["=" * 100]), flush=True)

def main():
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"gpu_check: OUT={OUT} small={SMALL} subjects={N_SUBJ} epochs={EPOCHS} folds={FOLDS} batch={BATCH} budget={BUDGET:.0f}s", flush=True)
    env = part("env", p_env); CTX["cuda"] = bool(env.get("cuda_available"))
    if part("data", p_data)["ok"]:
        part("torch_amp0_dl_items", p_torch, 0, "dl_items")  # first: it also pays CUDA start-up
        part("torch_amp0_dl_batch", p_torch, 0, "dl_batch")
        for amp in (0, 1): part(f"torch_amp{amp}", p_torch, amp)
        part("amp_dtype", p_amp_dtype)
        try:
            import torch
            if torch.cuda.is_available(): torch.cuda.empty_cache()
        except Exception: pass
        backends = [b.strip() for b in os.environ.get("GPU_CHECK_KERAS_BACKENDS", "jax,torch").split(",") if b.strip() and b.strip() != "none"]
        failed = {}
        for mp in (0, 1) if backends else (): part(f"keras_mp{mp}", p_keras, mp, backends, failed)  # GPU_CHECK_KERAS_BACKENDS=none: no Keras
        k = [S["parts"].get(f"keras_mp{mp}", {}) for mp in (0, 1)]
        if CTX["cuda"] and k[1].get("ok") and k[1].get("dtype_policy") != "mixed_float16":
            S["warnings"] = S.get("warnings", []) + [f"KERAS_MP=1 on GPU used {k[1].get('dtype_policy')}, expected mixed_float16"]
    S["total_s"] = el()
    summary_table(); save_summary()
    shutil.rmtree(CTX.get("tmp", "/nonexistent"), ignore_errors=True)
    for w in S.get("warnings", []): print("WARNING:", w)
    print(f"files in {OUT}: {sorted(p.name for p in OUT.iterdir())}")

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "keras": keras_child(*sys.argv[2:6])
    else: main()
