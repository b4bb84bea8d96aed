"""Package-level checks that need a fresh interpreter or the installed console script."""

import configparser, os, shlex, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEQSENSE = str(Path(sys.executable).parent / "seqsense")


def run(args, env=None, cwd=None):
    e = {k: v for k, v in os.environ.items() if not k.isupper() or k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    e.update(env or {})
    return subprocess.run([SEQSENSE, *args], capture_output=True, text=True, env=e, cwd=cwd)


def test_help_lists_commands():
    r = run(["--help"])
    assert r.returncode == 0 and "config" in r.stdout and "demo" in r.stdout


def test_config_reports_sources(tmp_path):
    r = run(["config"], env={"FRAME_CACHE_MAX_MB": "64"}, cwd=tmp_path)
    assert r.returncode == 0
    line = next(l for l in r.stdout.splitlines() if l.startswith("FRAME_CACHE_MAX_MB"))
    assert "64.0" in line and "(env)" in line
    line = next(l for l in r.stdout.splitlines() if l.startswith("FRAME_CACHE_MAX_ITEMS"))
    assert "400" in line and "(default)" in line
    assert os.listdir(tmp_path) == [], "seqsense config must not create files"


def test_bad_value_is_one_clear_error(tmp_path):
    for var, val, want in [
        ("FRAME_CACHE_MAX_MB", "abc", "a finite number in (0, 1048576]"),
        ("FRAME_CACHE_STATS_KEY", "foo", "'id' or 'hash'"),
        ("NUM_WORKERS", "-1", "an integer in [0, 256]"),
        ("PAD_LEN", "0", "an integer in [1, 10000]"),
        ("LR", "inf", "a finite number in (0, 10]"),
    ]:
        r = run(["config"], env={var: val}, cwd=tmp_path)
        assert r.returncode == 2, (var, r.stderr)
        assert f"{var}={val!r}" in r.stderr and want in r.stderr and "Traceback" not in r.stderr


def test_import_creates_nothing(tmp_path):
    code = (
        "import seqsense, importlib, pkgutil\n"
        "for m in pkgutil.iter_modules(seqsense.__path__): importlib.import_module('seqsense.' + m.name)"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, check=True, env={**os.environ, "OUTPUT_PATH": str(tmp_path / "out")}
    )
    assert os.listdir(tmp_path) == []


def test_frameworks_are_ranges_not_pins():
    cfg = configparser.ConfigParser(delimiters=["="])
    cfg.read(ROOT / "settings.ini")
    d = cfg["DEFAULT"]
    for key in ("requirements", "torch_requirements", "keras_requirements", "gbdt_requirements"):
        for req in shlex.split(d.get(key, "")):
            assert "==" not in req, f"{key}: {req} must be a range so Kaggle's image keeps its own version"
    pins = (ROOT / "constraints.txt").read_text().splitlines()
    assert "torch==2.13.0" in pins and "tensorflow-cpu==2.21.0".replace("-", "_") in [p.replace("-", "_") for p in pins]
