"""The offline docs site (tools/build_docs.py): built from the real notebooks into a temporary folder."""

import base64, html, importlib, importlib.util, re, shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat, pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bd = _load("build_docs")


class Page(HTMLParser):
    "Sidebar links, the current one, ids, resource URLs and the visible text of a built page."

    def __init__(self, text):
        super().__init__()
        self.nav, self.current, self.ids, self.res, self.chunks, self._nav = [], [], set(), [], [], False
        self.feed(text)
        self.text = html.unescape("".join(self.chunks))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "nav" and a.get("id") == "sidebar":
            self._nav = True
        if tag == "a" and self._nav and "brand" not in (a.get("class") or ""):
            self.nav.append(a["href"])
            if "current" in (a.get("class") or ""):
                self.current.append(a["href"])
        if tag in ("script", "img", "link", "iframe", "source", "video", "audio"):
            self.res += [a[k] for k in ("src", "href") if a.get(k)]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = False

    def handle_data(self, data):
        self.chunks.append(data)


def notebooks(nbs=NBS):
    return sorted(
        p for p in nbs.rglob("*.ipynb") if not any(s.startswith((".", "_")) for s in p.relative_to(nbs).parts)
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "site"
    assert bd.main(["--out", str(out)]) == 0
    pages = {nb: out / bd.html_name(nb.relative_to(NBS)) for nb in notebooks()}
    return out, {nb: Page(p.read_text()) for nb, p in pages.items() if p.exists()}, pages


def test_a_page_per_notebook(site):
    out, parsed, pages = site
    assert len(pages) >= 5 and (out / "index.html").is_file() and (out / "config.html").is_file()
    assert [nb for nb, p in pages.items() if not p.is_file()] == []


def test_sidebar_lists_every_page_and_marks_the_current_one(site):
    out, parsed, pages = site
    want = {p.resolve() for p in pages.values()}
    for nb, page in parsed.items():
        here = pages[nb].parent
        assert {(here / h).resolve() for h in page.nav} == want, nb.name
        assert [(here / h).resolve() for h in page.current] == [pages[nb].resolve()], nb.name
    index = parsed[NBS / "index.ipynb"]
    assert (pages[NBS / "index.ipynb"].parent / index.nav[0]).name == "index.html", "index comes first"


def test_hidden_cells_and_directives_are_not_shown(site):
    out, parsed, pages = site
    assert "from fastcore.test import" not in parsed[NBS / "00_config.ipynb"].text
    for nb, page in parsed.items():
        assert "#|" not in page.text and "default_exp" not in page.text, nb.name
        for c in nbformat.read(nb, as_version=4).cells:
            d, src = bd.directives(c.source) if c.cell_type == "code" else ({}, "")
            if src and ("hide" in d or d.get("echo") == ["false"]):
                assert src not in page.text, f"{nb.name}: hidden source shown:\n{src}"


def test_exported_functions_have_signature_and_docments(site):
    out, parsed, pages = site
    cfg = parsed[NBS / "00_config.ipynb"]
    assert {"load_config", "Config", "Config.replace", "Setting"} <= cfg.ids
    assert "def load_config(env: Mapping[str, str] | None = None) -> Config" in cfg.text
    row = re.search(r"env\s*Mapping\[str, str\] \| None\s*None\s*variables to read \(default: os\.environ\)", cfg.text)
    assert row, "load_config's docments row (name, type, default, comment) is missing"
    for nb, page in parsed.items():  # every public function and class a notebook exports is documented on its page
        mod = next(
            (
                bd.directives(c.source)[0]["default_exp"][0]
                for c in nbformat.read(nb, as_version=4).cells
                if c.cell_type == "code" and "default_exp" in bd.directives(c.source)[0]
            ),
            None,
        )
        if mod is None:
            continue
        m = importlib.import_module(f"seqsense.{mod}")
        names = [n for n in getattr(m, "__all__", []) if getattr(getattr(m, n), "__module__", None) == m.__name__]
        assert [n for n in names if n not in page.ids] == [], nb.name


def test_no_broken_links_and_nothing_from_the_network(site):
    out, parsed, pages = site
    assert bd.check_site(out) == []
    for f in out.rglob("*.html"):
        assert [u for u in Page(f.read_text()).res if re.match(r"^(https?:)?//", u)] == [], f.name
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", (out / "site.css").read_text())


def _nb(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, path)


def test_links_outputs_and_the_link_checker(tmp_path):
    "A made-up notebook folder: links are rewritten, stored outputs shown, a broken link is caught."
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    png = base64.b64encode(bytes.fromhex("89504e470d0a1a0a")).decode()
    shown = nbformat.v4.new_code_cell("#| echo: false\nsecret_source()")
    shown.outputs = [
        nbformat.v4.new_output("display_data", {"image/png": png, "text/plain": "<Figure>"}),
        nbformat.v4.new_output("stream", name="stdout", text="printed 42\n"),
    ]
    _nb(
        nbs / "index.ipynb",
        [
            nbformat.v4.new_markdown_cell(
                "# Home\n\n> Start here\n\nSee [two](01_two.ipynb#part-b) and [gone](09_gone.ipynb)."
            ),
            nbformat.v4.new_code_cell("#| hide\nhidden_thing = 1"),
            shown,
        ],
    )
    _nb(nbs / "01_two.ipynb", [nbformat.v4.new_markdown_cell("# Two\n\n## Part B\n\n|a|b|\n|-|-|\n|1|2|")])
    out = tmp_path / "site"
    cfg = {"lib_name": "seqsense", "title": "T", "description": "D"}
    bd.Site(nbs, out, cfg).build()
    index, two = Page((out / "index.html").read_text()), (out / "two.html").read_text()
    assert 'href="two.html#part-b"' in (out / "index.html").read_text() and 'id="part-b"' in two and "<table>" in two
    assert "hidden_thing" not in index.text and "secret_source" not in index.text and "printed 42" in index.text
    assert f"data:image/png;base64,{png}" in (out / "index.html").read_text()
    assert index.nav == ["index.html", "two.html"] and "Home" in index.text and "Start here" in index.text
    assert bd.check_site(out) == ["index.html: <a href='09_gone.ipynb'>: no such file"]


def test_refuses_to_wipe_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit, match="not made by build_docs"):
        bd.main(["--out", str(tmp_path)])
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_every_page_loads_in_headless_chromium(site, tmp_path):
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).is_file():
        print("skipped: chromium not installed (apt-get update && apt-get install -y chromium)")
        pytest.skip("chromium not installed (apt-get update && apt-get install -y chromium)")
    cc = _load("check_site_chromium")
    bad, secs = cc.check(site[0], exe, tmp_path / "index.png")
    assert bad == []
    assert (tmp_path / "index.png").read_bytes()[:4] == b"\x89PNG"
