"""Project checks run by `make test` (and `make readme`).

  python tools/checks.py export   fail if `nbdev_export` would change seqsense/
  python tools/checks.py clean    fail if `nbdev_clean` would change a notebook
  python tools/checks.py lint     ruff over seqsense/, tools/, tests/ (pyproject.toml: line length 120,
                                  unused imports, undefined names); nbdev's generated `__all__` block
                                  and one-line module docstring (the notebook's title-cell summary)
                                  are exempt from the line length (nbdev writes them, not the notebook)
  python tools/checks.py readme [--write]
                                  render nbs/index.ipynb to README.md (executing it);
                                  without --write, fail if README.md is out of date

A check never leaves a changed tree behind: whatever it touched is restored.
"""

import filecmp, os, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _snapshot_diff(folder: Path, cmd: list) -> list:
    "Run `cmd`, return the files under `folder` it changed, then restore `folder`."
    with tempfile.TemporaryDirectory() as tmp:
        snap = Path(tmp) / "snap"
        shutil.copytree(folder, snap, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        changed = _diff(snap, folder)
        if changed:
            shutil.rmtree(folder)
            shutil.copytree(snap, folder)
    return changed


def _diff(a: Path, b: Path) -> list:
    out = []
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | {
        p.relative_to(b) for p in b.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }
    for f in sorted(files):
        pa, pb = a / f, b / f
        if not (pa.exists() and pb.exists() and filecmp.cmp(pa, pb, shallow=False)):
            out.append(str(f))
    return out


def check_export() -> int:
    changed = _snapshot_diff(ROOT / "seqsense", [str(BIN / "nbdev_export")])
    if changed:
        print(
            "export-sync check FAILED: nbdev_export changes these files in seqsense/ "
            "(edit the notebooks, then run nbdev_export):"
        )
        print("\n".join("  " + c for c in changed))
        return 1
    print("export-sync check: seqsense/ matches the notebooks")
    return 0


def check_clean() -> int:
    changed = _snapshot_diff(ROOT / "nbs", [str(BIN / "nbdev_clean")])
    if changed:
        print("clean check FAILED: nbdev_clean would change (run nbdev_clean and commit):")
        print("\n".join("  " + c for c in changed))
        return 1
    print("clean check: notebooks are clean")
    return 0


def _all_block_lines(path: Path) -> set:
    """Line numbers (1-based) of what nbdev generates in one line: the `__all__ = [...]` block and the module
    docstring on line 1 (the notebook title cell's `>` summary, which cannot be wrapped)."""
    lines, out, inside = path.read_text(encoding="utf-8").splitlines(), set(), False
    if lines and lines[0].startswith('"""') and lines[0].rstrip().endswith('"""') and len(lines[0].strip()) > 6:
        out.add(1)
    for i, line in enumerate(lines, 1):
        if line.startswith("__all__ = ["):
            inside = True
        if inside:
            out.add(i)
        if inside and line.rstrip().endswith("]"):
            inside = False
    return out


def check_lint() -> int:
    import json

    r = subprocess.run(
        [str(BIN / "ruff"), "check", "--output-format", "json", "seqsense", "tools", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if r.returncode not in (0, 1):
        print(r.stdout, r.stderr)
        return r.returncode
    found, exempt = [], {}
    for d in json.loads(r.stdout or "[]"):
        f = Path(d["filename"])
        if d["code"] == "E501" and f.parent.name == "seqsense":
            if f not in exempt:
                exempt[f] = _all_block_lines(f)
            if d["location"]["row"] in exempt[f]:
                continue
        found.append(
            f"{f.relative_to(ROOT)}:{d['location']['row']}:{d['location']['column']}: {d['code']} {d['message']}"
        )
    if found:
        print(f"lint check FAILED: {len(found)} finding(s) (fix them in the notebooks for seqsense/):")
        print("\n".join("  " + x for x in found[:60]))
        return 1
    print("lint check: ruff clean (seqsense/, tools/, tests/)")
    return 0


def _directives(src: str) -> dict:
    d = {}
    for line in src.splitlines():
        if not line.startswith("#|"):
            break
        k, _, v = line[2:].strip().partition(":")
        d[k.strip()] = v.strip()
    return d


def _strip_directives(src: str) -> str:
    lines = src.splitlines()
    while lines and lines[0].startswith("#|"):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


def _output_md(o) -> str:
    data = o.get("data", {})
    if "text/markdown" in data:
        return "".join(data["text/markdown"]).strip()
    if o.get("output_type") == "stream":
        txt = "".join(o.get("text", ""))
    elif "text/plain" in data:
        txt = "".join(data["text/plain"])
    elif o.get("output_type") == "error":
        txt = "\n".join(o.get("traceback", []))
    else:
        return ""
    return "```\n" + txt.rstrip("\n") + "\n```" if txt.strip() else ""


def render_readme():
    "Execute nbs/index.ipynb in a fresh shell; return (markdown, executed notebook)."
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell

    nb = read_nb(ROOT / "nbs" / "index.ipynb")
    cwd = os.getcwd()
    os.chdir(ROOT / "nbs")
    try:
        CaptureShell().run_all(nb, exc_stop=True)
    finally:
        os.chdir(cwd)
    parts = []
    for c in nb.cells:
        if c.cell_type == "markdown":
            parts.append(c.source.strip())
            continue
        d = _directives(c.source)
        if "hide" in d or "export" in d or "exporti" in d:
            continue
        src = _strip_directives(c.source)
        if src and d.get("echo") != "false":
            parts.append("```python\n" + src + "\n```")
        parts += [m for m in map(_output_md, c.get("outputs", [])) if m]
    md = (
        "<!-- generated from nbs/index.ipynb by `make readme`: edit the notebook, not this file -->\n\n"
        + "\n\n".join(p for p in parts if p)
        + "\n"
    )
    return md, nb


def check_readme(write: bool) -> int:
    new, nb = render_readme()
    path = ROOT / "README.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if write:
        # keep the executed outputs in index.ipynb too (the docs site renders stored outputs), nbdev-cleaned
        from execnb.nbio import write_nb

        write_nb(nb, ROOT / "nbs" / "index.ipynb")
        subprocess.run([str(BIN / "nbdev_clean"), "--fname", str(ROOT / "nbs" / "index.ipynb")], cwd=ROOT, check=True)
        path.write_text(new, encoding="utf-8")
        print("README.md written from nbs/index.ipynb")
        return 0
    if old != new:
        import difflib

        print("README-sync check FAILED: README.md differs from nbs/index.ipynb (run `make readme`):")
        print(
            "".join(
                list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "README.md", "rendered"))[:40]
            )
        )
        return 1
    print("README-sync check: README.md matches nbs/index.ipynb")
    return 0


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "export":
        sys.exit(check_export())
    if what == "clean":
        sys.exit(check_clean())
    if what == "lint":
        sys.exit(check_lint())
    if what == "readme":
        sys.exit(check_readme("--write" in sys.argv))
    print(__doc__)
    sys.exit(2)
