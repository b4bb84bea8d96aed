"""Build the docs site: execute the notebooks, run nbdev's docs processors, render with MkDocs (Material).

  python tools/build_docs.py [--out site] [--nbs nbs] [--only 00b_metric.ipynb tutorials/x.ipynb ...] [--workers 2]
                             [--timeout 900]

1. Every notebook is executed on a fresh kernel (execnb, as `nbdev_test` does it), skipping cells flagged with
   settings.ini's `tst_flags` (`notest slow cuda`) and `#| eval: false`; the outputs on the pages come from this run.
   Cells flagged `bench` (the benchmarks page's commands, minutes of work) are skipped by `nbdev_test` but run here.
2. nbdev's own docs processors (`nbdev.processors.FilterDefaults`, what `nbdev.serve.proc_nbs` runs before Quarto)
   hide `#| hide` cells, drop exported source and add a `show_doc` cell after each exported function or class.
   nbdev evaluates those `show_doc` cells in a kernel of its own that replays only import/export cells; here they run
   in the kernel that executed the whole notebook, so a cell mixing an import with code cannot break them.
3. What Quarto would do with the remaining directives (`echo: false`, `output: false|asis`, `include: false`) is
   applied, every `#|` line is removed, and the notebook is written as `<page>.ipynb` (nbdev naming: `00a_data` ->
   `data`, `tutorials/train_and_submit` keeps its folder) into `_proc/docs`.
4. MkDocs with mkdocs-material and mkdocs-jupyter builds the static site (settings: mkdocs.yml at the repo root).
   Fonts, scripts and the search index come from the installed packages (`font: false`, no MathJax or require.js
   CDN): the site needs no network when it is viewed over http (`python -m http.server -d site`).

Every sub-folder of nbs/ (one level down) is built too: `nbs/explanations/audit.ipynb` becomes the page
`explanations/audit.html`, its links to other pages lead back up (`../cache.html`), and each folder is a section of the
nav (`SECTIONS`): Home, then "Tutorials", then the top-level pages, then "Explanations" and any other folder.
Two workers execute notebooks in parallel; `--timeout` caps each notebook's execution (seconds). A notebook that
raises fails the build, naming the notebook and the cell (the site is still written, that page showing the run up to
the failing cell); so does a link to a page that does not exist or a page that loads a script, style or image from
the network. An #anchor that is missing on an existing page is printed as a warning.
"""

import argparse, configparser, json, os, re, shutil, subprocess, sys, time, traceback
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".seqsense-docs"  # marks a folder this script may wipe
DIRECTIVE = re.compile(r"^\s*#\s*\|\s*(.*)$")


DOCS_RUN = {"bench"}  # flags `nbdev_test` skips by default but the docs build runs: the benchmarks page's commands


def skip_flags():
    "The cell flags the build skips: settings.ini `tst_flags` (what `nbdev_test` skips) but `DOCS_RUN`."
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "settings.ini")
    return set(cfg["DEFAULT"].get("tst_flags", "notest").split()) - DOCS_RUN


def page_name(nb):
    "nbdev's page name: lower-case, leading `00a_` style prefix dropped (`00a_data.ipynb` -> `data`); a relative"
    " folder is kept (`explanations/audit.ipynb` -> `explanations/audit`, `../01_cache` -> `../cache`)."
    p = Path(nb)
    name = re.sub(r"^\d+[a-zA-Z0-9]*_", "", p.stem.lower())
    return name if p.is_absolute() or p.parent == Path(".") else f"{p.parent.as_posix()}/{name}"


def doc_url():
    "Where nbdev's `add_links` points backticked names (settings.ini doc_host + doc_baseurl), with a trailing `/`."
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "settings.ini")
    d = cfg["DEFAULT"]
    return d.get("doc_host", "").rstrip("/") + "/" + d.get("doc_baseurl", "").strip("/") + "/"


NB_LINK = re.compile(r"\]\((?!https?:|/)([^)\s#]+)\.ipynb(#[^)\s]*)?\)")


HEADING = re.compile(r"^(#{1,6}) (.*)$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
PRIVATE = re.compile(r"\[([^\]]*)\]\([^)\s]*#_[^)\s]*\)")


def toc_anchors(cells):
    "Anchors under the ids the page's contents link to, where mkdocs-jupyter's ids (code dropped from headings,"
    " repeats numbered `_1`) differ from the headings' own."
    import markdown

    md = [c for c in cells if c["cell_type"] == "markdown"]
    heads = [(c, m.group(0)) for c in md for m in HEADING.finditer(FENCE.sub("", c["source"]))]
    conv = markdown.Markdown(extensions=["toc"])
    conv.convert("\n\n".join(re.sub(r"`[^`]*`", "", h) for _, h in heads))
    flat, todo = [], list(conv.toc_tokens)
    while todo:
        t = todo.pop(0)
        flat.append(t["id"])
        todo[:0] = t["children"]
    if len(flat) != len(heads):
        return  # a heading the two parsers read differently: leave the page as it is
    for (c, h), tid in zip(heads, flat):
        if "`" in h or re.search(r"_\d+$", tid):
            c["source"] = c["source"].replace(h, f'<a id="{tid}"></a>\n\n{h}', 1)


def local_links(md, site_url, up=""):
    "Links to notebooks and to the published site made local: `](00a_data.ipynb#x)` -> `](data.html#x)`;"
    " links to private names (never documented) become plain text. `up` leads from a page in a folder to the root."
    md = NB_LINK.sub(lambda m: f"]({page_name(m.group(1))}.html{m.group(2) or ''})", md)
    md = md.replace(f"]({site_url}", f"]({up}") if site_url.startswith("http") else md
    return PRIVATE.sub(r"\1", md)


def split_directives(src):
    "({name: value} from the cell's leading `#|` lines, the source without any `#|` line)."
    d, keep, lead = {}, [], True
    for line in src.splitlines():
        m = DIRECTIVE.match(line)
        if m:
            if lead:
                k, _, v = m.group(1).partition(" ")
                d[k.rstrip(":")] = v.strip()
            continue
        if line.strip():
            lead = False
        keep.append(line)
    return d, "\n".join(keep).strip("\n")


def execute(path, flags):
    "Run `path` like `nbdev_test` (cells with `flags` skipped); (notebook, kernel, exception or None)."
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.processors import NBProcessor
    from nbdev.frontmatter import FrontmatterProc

    # `directives_` parsed like nbdev_test, the `#|` lines left in place for nbdev's docs processors after the run
    nb = NBProcessor(path, procs=FrontmatterProc, process=True, rm_directives=False).nb

    def no_eval(cell):
        if cell.cell_type != "code":
            return True
        d = getattr(cell, "directives_", {}) or {}
        if d.get("eval:", [""])[0].lower() == "false":
            return True
        return flags & d.keys()

    k = CaptureShell(path)
    with working_directory(path.parent):
        try:
            k.run_all(nb, exc_stop=True, preproc=no_eval)
        except Exception as e:
            return nb, k, e  # the page keeps what ran, up to the failing cell
    return nb, k, None


def docs_procs():
    "nbdev's docs processors, less `exec_show_docs` (its import-only kernel); `show_doc` runs in ours instead."
    from nbdev.processors import FilterDefaults, exec_show_docs

    class Procs(FilterDefaults):
        def base_procs(self):
            return [p for p in super().base_procs() if p is not exec_show_docs]

    return Procs()


def quarto_directives(nb, k, stopped=False, up=""):
    """Apply what Quarto does with the directives nbdev leaves; run `show_doc` cells in kernel `k`; strip `#|`.
    When the run `stopped` early, names it never defined get no API block."""
    k.run_cell("from nbdev.showdoc import show_doc")
    cells, site_url = [], doc_url()
    for c in nb.cells:
        if not c.get("source") and not c.get("outputs"):
            continue  # removed by nbdev (hide, export, default_exp)
        if c.cell_type == "raw":
            continue  # Quarto front matter: the title cell below carries it
        d, src = split_directives(c.source)
        if d.get("include") == "false" or "hide" in d:
            continue
        if c.cell_type == "code" and src.startswith("show_doc("):
            k.cell(c)
            if k.exc and stopped:
                continue
            if k.exc:
                raise RuntimeError(f"{src} raised {k.exc!r}")
            md = [o.get("data", {}).get("text/markdown") for o in c.get("outputs", [])]
            md = "".join("".join(m) if isinstance(m, list) else m for m in md if m)
            name = src[len("show_doc("):].split(")")[0].split(",")[0].strip().lower()  # nbdev's anchor for it
            cells.append(dict(cell_type="markdown", metadata={}, source=f'<a id="{name}"></a>\n\n'
                              + local_links(md, site_url, up)))
            continue
        c.source = src if c.cell_type == "code" else local_links(src, site_url, up)
        if c.cell_type == "code":
            if d.get("output") == "false":
                c.outputs = []
            if d.get("echo") == "false":
                c.metadata.setdefault("tags", []).append("hide_input")
            c.setdefault("execution_count", None)
            c.setdefault("outputs", [])
        cells.append(c)
    toc_anchors(cells)
    return cells


def title_cell(nb):
    "The `# Title` / `> description` markdown cell, rebuilt from nbdev's front matter when it moved it."
    fm = getattr(nb, "frontmatter_", {}) or {}
    if not fm.get("title"):
        return None
    desc = fm.get("description")
    return dict(cell_type="markdown", metadata={}, source=f"# {fm['title']}" + (f"\n\n> {desc}" if desc else ""))


def build_page(path, dest, flags, page=None):
    "Execute, process and write one page (`page`: its name, e.g. `explanations/audit`); (page, title, seconds, error"
    " or None). Runs in a fresh interpreter."
    import nbformat

    os.environ["IN_TEST"] = "1"
    t0, path = time.time(), Path(path)
    page = page or page_name(path.name)
    nb, k, exc = execute(path, flags)
    err = None
    if exc is not None:
        tb = "".join(traceback.format_exception(exc))[-3000:]
        err = f"{path.name} failed to execute (its page shows the run up to the failing cell):\n{tb}"
    try:
        docs_procs()(nb)
        cells = quarto_directives(nb, k, stopped=exc is not None, up="../" * page.count("/"))
    except Exception:
        return page, page, time.time() - t0, f"{path.name}: nbdev's docs processors failed:\n{traceback.format_exc()}"
    head = title_cell(nb)
    if head and not any(c["cell_type"] == "markdown" and c["source"].lstrip().startswith("# ") for c in cells[:2]):
        cells.insert(0, head)
    out = nbformat.v4.new_notebook(metadata=dict(kernelspec=dict(name="python3", display_name="Python 3",
                                                                 language="python")))
    keep = dict(code=("cell_type", "metadata", "source", "outputs", "execution_count"),
                markdown=("cell_type", "metadata", "source", "attachments"))
    out.cells = [nbformat.from_dict({k: c[k] for k in keep[c["cell_type"]] if k in c}) for c in cells]
    out.nbformat_minor = 4  # cell ids are not needed on a page
    (Path(dest) / page).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(out, str(Path(dest) / f"{page}.ipynb"), version=4)
    title = (getattr(nb, "frontmatter_", {}) or {}).get("title") or page
    return page, title, time.time() - t0, err


def run_page(path, dest, timeout, page=None):
    "`build_page` in a fresh interpreter (its own __main__, free to start DataLoader workers); its result."
    page = page or page_name(Path(path).name)
    cmd = [sys.executable, __file__, "--page", str(path), "--as-page", page, "--proc", str(dest), "--timeout",
           str(timeout)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return page, page, float(timeout), f"{Path(path).name}: still executing after --timeout {timeout}s: stopped"
    last = r.stdout.strip().splitlines()[-1:] or [""]
    if r.returncode or not last[0].startswith("{"):
        return page, page, 0.0, f"{Path(path).name}: build process exited {r.returncode}:\n{r.stderr[-3000:]}"
    d = json.loads(last[0])
    return d["page"], d["title"], d["secs"], d["error"]


def safe_wipe(folder):
    "Empty `folder` only if this script made it (marker file), never anything else."
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise SystemExit(f"{folder} exists and was not made by tools/build_docs.py ({MARKER} missing): not wiping it")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / MARKER).touch()


SECTIONS = {"tutorials": "Tutorials", "explanations": "Explanations"}  # nav section titles of sub-folders of nbs/
FIRST = ("tutorials",)  # sections listed right after the home page; the other folders follow the top-level pages


def section(rel):
    "The nav section of a notebook by its path relative to nbs/ (`tutorials/x.ipynb` -> 'Tutorials'; a folder not in"
    " `SECTIONS` is titled from its name), None for a top-level one."
    parts = Path(rel).parts
    return None if len(parts) < 2 else SECTIONS.get(parts[0], parts[0].replace("_", " ").capitalize())


def nav_order(rel):
    "Where a notebook (path relative to nbs/) comes in the nav: `index.ipynb`, the `FIRST` folders, the top-level"
    " notebooks, the other folders; in file order within each."
    parts = Path(rel).parts
    rank = 1 if len(parts) == 1 else (0 if parts[0] in FIRST else 2)
    return Path(rel).as_posix() != "index.ipynb", rank, parts


def notebooks(nbs, only=()):
    "The notebooks to build (top level and one folder down, e.g. `tutorials/`) in nav order (`nav_order`);"
    " `only` names a subset by path relative to `nbs` (`tutorials/train_and_submit.ipynb`)."
    nbs = Path(nbs)
    got = [p for p in [*nbs.glob("*.ipynb"), *nbs.glob("*/*.ipynb")]
           if not any(part.startswith(("_", ".")) for part in p.relative_to(nbs).parts)]
    if only:
        missing = [o for o in only if o not in {p.relative_to(nbs).as_posix() for p in got}]
        if missing:
            raise SystemExit(f"--only: no such notebook in {nbs}: {', '.join(missing)}")
        got = [p for p in got if p.relative_to(nbs).as_posix() in only]
    return sorted(got, key=lambda p: nav_order(p.relative_to(nbs)))


def mkdocs_config(pages, docs, out):
    "mkdocs.yml from the repo root with this build's docs folder, site folder and nav from (page, title[, section])s"
    " in nav order (`tutorials/x`, 'X', 'Tutorials'): a section is listed where its first page comes."
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    nav, groups = [], {}
    for page, title, *sec in pages:
        entry = {title: f"{page}.ipynb"}
        if sec and sec[0]:
            if sec[0] not in groups:
                groups[sec[0]] = []
                nav.append({sec[0]: groups[sec[0]]})
            groups[sec[0]].append(entry)
        else:
            nav.append(entry)
    cfg.update(docs_dir=str(docs), site_dir=str(out), nav=nav)
    return cfg


def build(out="site", nbs=None, only=(), workers=2, timeout=900, proc="_proc/docs"):
    "Build the site into `out`; {page: seconds}. After building, SystemExit names every notebook or link that failed."
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    nbs, out, docs = Path(nbs or ROOT / "nbs"), Path(out).resolve(), Path(proc).resolve()
    paths = notebooks(nbs, only)
    safe_wipe(docs)
    with ThreadPoolExecutor(workers) as ex:
        res = list(ex.map(lambda p: run_page(p, docs, timeout, page_name(p.relative_to(nbs))), paths))
    failed = [err for *_, err in res if err]
    sec = {page_name(p.relative_to(nbs)): section(p.relative_to(nbs)) for p in paths}
    res = [r for r in res if (docs / f"{r[0]}.ipynb").is_file()]
    css = nbs / "styles.css"
    (docs / "styles.css").write_text(css.read_text() if css.is_file() else "")  # mkdocs.yml's extra_css
    for folder in {(docs / p).parent for p, *_ in res} | {docs}:  # mkdocs.yml's custom_mathjax_url, page-relative
        (folder / "no-mathjax.js").write_text("// MathJax is not bundled: the pages use no LaTeX.\n")
    safe_wipe(out)
    cfg_file = docs.parent / f"mkdocs-{docs.name}.yml"  # beside docs_dir, as MkDocs wants
    nav = [(p, t, sec.get(p)) for p, t, *_ in res]
    cfg_file.write_text(yaml.safe_dump(mkdocs_config(nav, docs, out), sort_keys=False))
    mk_build(load_config(str(cfg_file)))
    (out / MARKER).touch()
    not_built = {f"{page_name(p.relative_to(nbs))}.html" for p in notebooks(nbs)} - {f"{p}.html" for p, *_ in res}
    bad = check_links(out, not_built, anchors=False)
    for w in sorted(set(check_links(out, not_built)) - set(bad)):  # the page opens, at its top
        print(f"warning: {w}")
    if bad:
        failed.append("docs site has broken links:\n" + "\n".join("  " + b for b in bad))
    if failed:
        raise SystemExit(f"docs build FAILED (site written to {out}, check the pages named):\n" + "\n\n".join(failed))
    return {p: s for p, _, s, _ in res}


class Refs(HTMLParser):
    "Ids, links (`<a href>`) and resources (scripts, styles, images) of one page."

    def __init__(self, text):
        super().__init__()
        self.ids, self.links, self.res = set(), [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "link", "iframe", "source") and (a.get("src") or a.get("href")):
            self.res.append(a.get("src") or a.get("href"))


def check_links(out, not_built=(), anchors=True):
    "Every local link (and with `anchors`, every #anchor) resolves, but to `not_built` pages (left out by --only);"
    " no page loads a script, style or image from the network."
    out, bad = Path(out), []
    pages = {p: Refs(p.read_text(encoding="utf-8")) for p in out.rglob("*.html")}
    for page, refs in pages.items():
        name = page.relative_to(out).as_posix()
        bad += [f"{name}: loads {u} from the network" for u in refs.res if re.match(r"^(https?:)?//", u)]
        for href in refs.links + refs.res:
            if re.match(r"^([a-z]+:|//)", href) or page.name == "404.html":
                continue
            path, _, frag = unquote(href).partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if target.is_relative_to(out.resolve()) and target.relative_to(out.resolve()).as_posix() in not_built:
                continue
            if not target.exists():
                bad.append(f"{name}: {href}: no such file")
            elif anchors and frag and target.suffix == ".html" and frag not in pages[target].ids:
                bad.append(f"{name}: {href}: no id {frag!r} in {target.name}")
    return bad


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="site", help="site folder (default: site)")
    ap.add_argument("--nbs", default=str(ROOT / "nbs"), help="notebooks folder")
    ap.add_argument("--only", nargs="*", default=(),
                    help="build only these notebooks (paths under --nbs, e.g. explanations/audit.ipynb)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=900, help="seconds a notebook may execute")
    ap.add_argument("--proc", default=str(ROOT / "_proc" / "docs"), help="processed notebooks folder")
    ap.add_argument("--page", help=argparse.SUPPRESS)  # internal: build one notebook, print its result as JSON
    ap.add_argument("--as-page", help=argparse.SUPPRESS)  # internal: that notebook's page name
    a = ap.parse_args(argv)
    if a.page:
        page, title, secs, error = build_page(a.page, a.proc, skip_flags(), a.as_page)
        print("\n" + json.dumps(dict(page=page, title=title, secs=secs, error=error)))
        return 0
    t0 = time.time()
    secs = build(a.out, a.nbs, a.only, a.workers, a.timeout, a.proc)
    for page, s in sorted(secs.items(), key=lambda x: -x[1]):
        print(f"  {page:<28} executed + processed in {s:6.1f}s")
    print(f"docs: {len(secs)} pages in {Path(a.out).resolve()} ({time.time() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
