"""Build the docs site from the notebooks, offline, with no Quarto.

  python tools/build_docs.py [--out site] [--nbs nbs]   build, then check every internal link
  python tools/build_docs.py --check-only [--out site]  only check an existing site

One page per notebook (nbs/00_config.ipynb -> config.html, nbdev's naming), a generated sidebar in
notebook order, prev/next links and a page filter. Pages are rendered from the notebooks' stored
content; nothing is executed. nbdev directives are honoured: `hide`, `include: false` and
`default_exp` hide a cell, `echo: false` hides its source, `output: false` its outputs; after an
`export`/`exports`/`exporti` cell comes an API block (signature, docments table, docstring, public
methods) for each public function or class it defines, read from the imported module.
nbs/styles.css (also used by Quarto) is appended to the site's CSS.
"""

import argparse, ast, configparser, functools, html, importlib, inspect, json, os, re, shutil, sys, time
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from posixpath import normpath, relpath

import nbformat
from fastcore.docments import docments
from jinja2 import Template
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, get_lexer_by_name
from pygments.util import ClassNotFound

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".seqsense-docs"  # marks a folder this script may wipe
EMPTY = inspect.Parameter.empty
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DIRECTIVE = re.compile(r"^\s*#\s*\|\s*(.*)$")


def hl(code, lang="python"):
    "Syntax-highlighted `<pre>` (pygments classes under `.highlight`)."
    try:
        lexer = PythonLexer() if lang == "python" else get_lexer_by_name(lang)
    except ClassNotFound:
        return f'<pre class="highlight"><code>{html.escape(code)}</code></pre>\n'
    return f'<pre class="highlight"><code>{highlight(code, lexer, HtmlFormatter(nowrap=True))}</code></pre>\n'


MD = MarkdownIt("commonmark", {"html": True, "highlight": lambda code, lang, attrs: hl(code, lang or "text")}).enable(
    ["table", "strikethrough"]
)


def directives(src):
    "({name: [args]} from the cell's leading `#|` lines, source without any `#|` line); "
    "`echo: false` -> {'echo': ['false']}."
    d, lines = {}, []
    for line in src.splitlines():
        m = DIRECTIVE.match(line)
        if not m:
            lines.append(line)
            continue
        if lines and any(l.strip() for l in lines):
            continue  # nbdev and Quarto read only the leading ones
        k, *args = m.group(1).replace(":", " ", 1).split() or [""]
        d[k.lower()] = [a.lower() if k in ("echo", "output", "include", "eval") else a for a in args]
    return d, "\n".join(lines).strip("\n")


@functools.lru_cache(maxsize=None)
def load_module(name):
    "The imported module, or the exception importing it raised (imported once per build)."
    try:
        return importlib.import_module(name)
    except Exception as e:
        return e


def html_name(nb):
    "nbdev's page name: lower-case, leading `00a_` style prefix dropped."
    return nb.with_name(re.sub(r"^\d+[a-zA-Z0-9]*_", "", nb.name.lower())).with_suffix(".html")


def defined_names(src):
    "Top-level functions and classes a cell defines; `@patch` methods as `Cls.name`."
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return []
    out = []
    for n in tree.body:
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        decos = {getattr(getattr(d, "func", d), "id", None) for d in n.decorator_list}
        a = n.args.args[0].annotation if "patch" in decos and n.args.args else None
        out.append(f"{a.id}.{n.name}" if isinstance(a, ast.Name) else n.name)
    return out


class Page:
    "One notebook: its page name, title, documented symbols, and its HTML."

    def __init__(self, nbs, path, cfg):
        self.path, self.cfg, self.nb = path, cfg, nbformat.read(path, as_version=4)
        self.rel = PurePosixPath(html_name(path.relative_to(nbs)).as_posix())
        self.nb_rel = PurePosixPath(path.relative_to(nbs).as_posix())
        md0 = next((c.source for c in self.nb.cells if c.cell_type == "markdown"), "")
        m = re.match(r"\s*#\s+(.+)", md0)
        self.title = m.group(1).strip() if m else path.stem
        self.module, self.symbols, self.ids, self.warnings = None, {}, set(), []
        for i, c in enumerate(self.nb.cells):
            d, src = directives(c.source) if c.cell_type == "code" else ({}, "")
            if "default_exp" in d:
                self.module = d["default_exp"][0]
            exp = d.keys() & {"export", "exports", "exporti"}
            if exp and "hide" not in d:
                mod = next(iter(d[exp.pop()]), None) or self.module
                for q in defined_names(src):
                    obj = self.resolve(mod, q)
                    if obj is not None:
                        self.symbols[q] = (obj, i)  # documented after the cell that defines it last

    def resolve(self, mod, qual):
        "The public object `qual` of `lib.mod` (respecting `__all__`), or None."
        if mod is None:
            self.warnings.append(f"no API docs for {qual}: no `default_exp` module")
            return None
        m = load_module(f"{self.cfg['lib_name']}.{mod}")
        if isinstance(m, Exception):
            self.warnings.append(f"no API docs for {qual}: importing {mod} failed: {m!r}")
            return None
        top, *rest = qual.split(".")
        if top.startswith("_") or any(r.startswith("_") for r in rest) or top not in getattr(m, "__all__", [top]):
            return None
        obj = getattr(m, top, None)
        for r in rest:
            obj = getattr(obj, r, None)
        return obj

    def anchor(self, text):
        "A unique id for a heading; documented names keep theirs (`load_config`, `Config.replace`)."
        base = re.sub(r"\W+", "-", text.lower()).strip("-") or "section"
        a, i = base, 1
        while a in self.ids or a in self.symbols:
            i += 1
            a = f"{base}-{i}"
        self.ids.add(a)
        return a

    def link(self, href, site):
        "Rewrite `other.ipynb#x` to the page it became, relative to this page."
        m = re.match(r"^([^:#?]+\.ipynb)(#.*)?$", href or "")
        if not m:
            return href
        target = PurePosixPath(normpath((self.nb_rel.parent / m.group(1)).as_posix()))
        page = site.by_nb.get(target)
        return (relpath(str(page.rel), str(self.rel.parent)) if page else href) + (m.group(2) or "")

    def markdown(self, text, site, attachments=None):
        tokens = MD.parse(text)
        for i, t in enumerate(tokens):
            if t.type == "heading_open":
                t.attrSet("id", self.anchor(tokens[i + 1].content))
            for j, c in enumerate(t.children or []):
                if c.type == "link_open":
                    c.attrSet("href", self.link(c.attrGet("href"), site))
                elif c.type == "image":
                    c.attrSet("src", site.asset(self, c.attrGet("src"), attachments or {}))
                elif (
                    c.type == "code_inline"
                    and (q := c.content.removesuffix("()")) in site.symbols
                    and not site.inside_link(t.children, j)
                ):
                    url = self.url_of(site.symbols[q])  # `load_config` links to its API block, as in nbdev
                    c.type, c.tag, c.nesting, c.content = (
                        "html_inline",
                        "",
                        0,
                        f'<a href="{url}"><code>{html.escape(c.content)}</code></a>',
                    )
        return MD.renderer.render(tokens, MD.options, {})

    def url_of(self, target):
        page, anchor = target
        return ("" if page is self else relpath(str(page.rel), str(self.rel.parent))) + "#" + anchor

    def output(self, o, site):
        if o.output_type == "stream":
            return f'<pre class="out">{html.escape(ANSI.sub("", o.text))}</pre>'
        if o.output_type == "error":
            return f'<pre class="out error">{html.escape(ANSI.sub("", chr(10).join(o.traceback)))}</pre>'
        data = o.get("data", {})
        if "text/html" in data:
            return f'<div class="out">{data["text/html"]}</div>'
        for mime in ("image/png", "image/jpeg", "image/gif"):
            if mime in data:
                return f'<img class="out" alt="output" src="data:{mime};base64,{data[mime].replace(chr(10), "")}">'
        if "image/svg+xml" in data:
            return f'<div class="out">{data["image/svg+xml"]}</div>'
        if "text/markdown" in data:
            return f'<div class="out">{self.markdown(data["text/markdown"], site)}</div>'
        return f'<pre class="out">{html.escape(data.get("text/plain", ""))}</pre>' if "text/plain" in data else ""

    def api(self, qual, obj, level=3):
        "An API block: signature with annotations and defaults, docments table, docstring, public methods."
        try:
            dm = docments(obj, full=True)
        except Exception:
            dm = {}
        isclass, params, rows, star = inspect.isclass(obj), [], [], False
        for k, v in dm.items():
            if k in ("return", "self", "cls"):
                continue
            kind, anno, dflt = v.get("kind"), v.get("anno", EMPTY), v.get("default", EMPTY)
            if kind == inspect.Parameter.KEYWORD_ONLY and not star:
                params.append("*")
                star = True
            star |= kind == inspect.Parameter.VAR_POSITIONAL
            pre = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}.get(kind, "")
            a = "" if anno is EMPTY else anno if isinstance(anno, str) else inspect.formatannotation(anno)
            d = "" if dflt is EMPTY else getattr(dflt, "__name__", repr(dflt)) if callable(dflt) else repr(dflt)
            params.append(pre + k + (f": {a}" if a else "") + (f" = {d}" if d else ""))
            rows.append((pre + k, a, d, v.get("docment") or ""))
        ret = dm.get("return", {}).get("anno", EMPTY)
        ret = "" if isclass or ret in (EMPTY, None) else ret if isinstance(ret, str) else inspect.formatannotation(ret)
        sig = f"{'class' if isclass else 'def'} {qual.split('.')[-1]}({', '.join(params)})" + (
            f" -> {ret}" if ret else ""
        )
        if isinstance(obj, property):
            sig = f"property {qual.split('.')[-1]}"
        self.ids.add(qual)
        out = [f'<div class="api"><h{level} class="api-name" id="{qual}"><code>{qual}</code></h{level}>', hl(sig)]
        if inspect.getdoc(obj):
            out.append(f'<div class="doc">{MD.render(inspect.getdoc(obj))}</div>')
        if ret:
            rows.append(("**Returns**", ret, "", dm["return"].get("docment") or ""))
        if any(r[3] for r in rows):  # a table only when something is documented
            cell = lambda s, code=False: MD.renderInline(s if not code or s.startswith("**") else f"`{s}`") if s else ""
            out.append(
                '<table class="params"><thead><tr><th></th><th>Type</th><th>Default</th>'
                '<th>Details</th></tr></thead><tbody>'
            )
            out += [
                f"<tr><td>{cell(n, True)}</td><td>{html.escape(a)}</td><td>{html.escape(d)}</td><td>{cell(c)}</td></tr>"
                for n, a, d, c in rows
            ]
            out.append("</tbody></table>")
        if isclass:
            for k, v in vars(obj).items():
                if (
                    k.startswith("_")
                    or not isinstance(v, (staticmethod, classmethod, property))
                    and not inspect.isfunction(v)
                ):
                    continue
                out.append(self.api(f"{qual}.{k}", v if isinstance(v, property) else getattr(obj, k), level=4))
        return "\n".join(out) + "</div>"

    def render(self, site):
        parts, first_md = [], True
        for i, c in enumerate(self.nb.cells):
            if c.cell_type == "markdown":
                text = c.source
                if first_md and (m := re.match(r"\s*#\s+([^\n]+)\n(?:\s*\n)*>\s*(.+?)(?:\n\s*\n|$)", text, re.S)):
                    desc = MD.renderInline(m.group(2).strip())
                    parts.append(
                        f'<h1 id="{self.anchor(m.group(1))}">{html.escape(m.group(1))}</h1>'
                        f'<p class="description">{desc}</p>'
                    )
                    text = text[m.end() :]
                first_md = False
                parts.append(self.markdown(text, site, c.get("attachments")))
                continue
            if c.cell_type != "code":
                continue
            d, src = directives(c.source)
            if "hide" in d or d.get("include") == ["false"] or "default_exp" in d:
                continue
            cell = [hl(src)] if src and d.get("echo") != ["false"] else []
            if d.get("output") != ["false"]:
                cell += [self.output(o, site) for o in c.get("outputs", [])]
            if d.get("echo") == ["false"] and not c.get("outputs"):
                self.warnings.append(f"cell {i}: `echo: false` and no stored output, so nothing is shown")
            if d.keys() & {"export", "exports", "exporti"}:
                cell += [self.api(q, obj) for q, (obj, last) in self.symbols.items() if last == i]
            if cell:
                parts.append('<div class="cell">' + "\n".join(cell) + "</div>")
        return "\n".join(parts)


class Site:
    def __init__(self, nbs, out, cfg):
        self.nbs, self.out, self.cfg = nbs, out, cfg
        paths = [p for p in nbs.rglob("*.ipynb") if not any(s.startswith((".", "_")) for s in p.relative_to(nbs).parts)]
        order = lambda p: (len(p.relative_to(nbs).parts) > 1, p.parent.as_posix(), p.name != "index.ipynb", p.name)
        self.pages = [Page(nbs, p, cfg) for p in sorted(paths, key=order)]
        self.by_nb = {p.nb_rel: p for p in self.pages}
        seen = {}
        for p in self.pages:
            if p.rel in seen:
                raise SystemExit(f"{p.nb_rel} and {seen[p.rel].nb_rel} both become {p.rel}")
            seen[p.rel] = p
        self.symbols = {q: (p, q) for p in self.pages for q in p.symbols}

    @staticmethod
    def inside_link(children, j):
        return sum(1 if c.type == "link_open" else -1 if c.type == "link_close" else 0 for c in children[:j]) > 0

    def asset(self, page, src, attachments):
        "A data URI for `attachment:` images; local files are copied next to the page."
        if src.startswith("attachment:"):
            mime, b64 = next(iter(attachments.get(src[11:], {"": ""}).items()))
            return f"data:{mime};base64,{b64}"
        if re.match(r"^[a-z]+:|^/", src):
            return src
        f = (page.path.parent / src).resolve()
        if f.is_file() and f.is_relative_to(self.nbs.resolve()):
            dest = self.out / f.relative_to(self.nbs.resolve())
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
        return src

    def build(self):
        if self.out.exists():
            if any(self.out.iterdir()) and not (self.out / MARKER).exists():
                raise SystemExit(f"{self.out} exists and was not made by build_docs.py: not touching it")
            shutil.rmtree(self.out)
        self.out.mkdir(parents=True)
        (self.out / MARKER).write_text("written by tools/build_docs.py\n")
        extra = self.nbs / "styles.css"
        css = (
            SITE_CSS
            + HtmlFormatter(style="friendly").get_style_defs(".highlight")
            + (extra.read_text() if extra.exists() else "")
        )
        (self.out / "site.css").write_text(css)
        index = [
            {
                "u": str(p.rel),
                "t": p.title,
                "x": " ".join(c.source for c in p.nb.cells if c.cell_type == "markdown").lower()[:20000],
            }
            for p in self.pages
        ]
        (self.out / "search.js").write_text("window.SEARCH_INDEX = " + json.dumps(index) + ";\n")
        for i, p in enumerate(self.pages):
            root = relpath(".", str(p.rel.parent))
            up = lambda q: relpath(str(q.rel), str(p.rel.parent))
            nav = lambda q: {"href": up(q), "title": q.title, "section": q.rel.parent.as_posix(), "current": q is p}
            body = p.render(self)
            page = TEMPLATE.render(
                title=p.title,
                site=self.cfg,
                root=root,
                body=body,
                pages=[nav(q) for q in self.pages],
                prev=nav(self.pages[i - 1]) if i else None,
                next=nav(self.pages[i + 1]) if i + 1 < len(self.pages) else None,
            )
            (self.out / p.rel).parent.mkdir(parents=True, exist_ok=True)
            (self.out / p.rel).write_text(page)
            for w in p.warnings:
                print(f"warning: {p.nb_rel}: {w}")
            if p.title.startswith("#"):
                print(f"warning: {p.nb_rel}: title {p.title!r} starts with '#' (a doubled '# #' in the title cell?)")


class Refs(HTMLParser):
    "Collects ids and the URLs a page links to or loads."

    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if a.get(k) is not None:
                self.refs.append((tag, k, a[k]))


def check_site(out):
    "Every internal href/src resolves to a file (and #anchor to an id); nothing is loaded from the network."
    out, parsed, bad = Path(out).resolve(), {}, []

    def parse(f):
        if f not in parsed:
            parsed[f] = Refs()
            parsed[f].feed(f.read_text())
        return parsed[f]

    for f in sorted(out.rglob("*.html")):
        for tag, attr, url in parse(f).refs:
            where = f"{f.relative_to(out)}: <{tag} {attr}={url!r}>"
            if re.match(r"^(data|mailto|javascript):", url):
                continue
            if re.match(r"^(https?:)?//", url):
                if tag != "a":
                    bad.append(f"{where} loads a resource from the network")
                continue
            path, _, frag = url.partition("#")
            target = (f.parent / path).resolve() if path else f
            if not target.is_file() or not target.is_relative_to(out):
                bad.append(f"{where}: no such file")
                continue
            if frag and target.suffix == ".html" and frag not in parse(target).ids:
                bad.append(f"{where}: no id {frag!r}")
    return bad


SITE_CSS = """
*{box-sizing:border-box} html{font-size:16px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.6;
color:#212529;background:#fff}
a{color:#2c6fbb;text-decoration:none} a:hover{text-decoration:underline}
.sidebar{position:fixed;top:0;left:0;bottom:0;width:16rem;overflow-y:auto;padding:1.25rem 1rem;background:#f6f8fa;
border-right:1px solid #e1e4e8}
.sidebar .brand{display:block;font-size:1.3rem;font-weight:700;color:#212529}
.sidebar .tagline{font-size:.82rem;color:#6a737d;margin:.3rem 0 .9rem}
.sidebar input{width:100%;padding:.35rem .55rem;border:1px solid #d1d5da;border-radius:4px;font:inherit;font-size:.9rem}
.sidebar ul{list-style:none;padding:0;margin:.8rem 0}
.sidebar li a{display:block;padding:.28rem .6rem;border-radius:4px;color:#24292e}
.sidebar li a:hover{background:#e8edf3;text-decoration:none}
.sidebar li a.current{background:#2c6fbb;color:#fff;font-weight:600}
.sidebar .section{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#6a737d;margin-top:.8rem}
main{margin-left:16rem;padding:2rem 3rem 4rem;max-width:60rem}
h1{font-size:2.2rem;margin:.2rem 0 .3rem} h2{margin-top:2.2rem;border-bottom:1px solid #eaecef;padding-bottom:.2rem}
h3,h4{margin-top:1.6rem}
p.description{font-size:1.2rem;color:#586069;font-style:italic;margin-top:0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;background:#f3f4f6;
padding:.1em .3em;border-radius:3px}
pre{overflow-x:auto;padding:.8rem 1rem;border-radius:6px;font-size:.85rem;line-height:1.45}
pre code{background:none;padding:0;font-size:inherit}
pre.highlight{background:#f7f7f9;border:1px solid #e8e8ec}
.cell{margin:1rem 0} pre.out{margin-top:0;background:none;border-left:3px solid #f4a582;border-radius:0}
pre.error{color:#b31d28}
img.out{max-width:100%}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem;display:block;overflow-x:auto}
th,td{border:1px solid #dfe2e5;padding:.35rem .7rem;text-align:left;vertical-align:top} th{background:#f6f8fa}
.api{border-left:4px solid #2c6fbb;background:#fbfcfe;padding:.2rem 1rem .6rem;margin:1rem 0 1.6rem}
.api .api{border-left-color:#9fbfe0;margin:.8rem 0 .4rem} .api-name code{background:none;font-size:1.05em;padding:0}
.pager{display:flex;justify-content:space-between;margin-top:3rem;padding-top:1rem;border-top:1px solid #eaecef}
@media (max-width:800px){.sidebar{position:static;width:auto;border-right:0}main{margin-left:0;padding:1rem}}
"""

TEMPLATE = Template("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title|e }} – {{ site.title|e }}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="{{ root }}/site.css"></head>
<body><nav class="sidebar" id="sidebar"><a class="brand" href="{{ root }}/index.html">{{ site.title|e }}</a>
<div class="tagline">{{ site.description|e }}</div>
<input id="filter" type="search" placeholder="Filter pages…" aria-label="Filter pages">
<ul>{% set ns = namespace(sec='.') %}
{% for p in pages %}{% if p.section != ns.sec %}{% set ns.sec = p.section %}
<li class="section">{{ p.section|e }}</li>{% endif %}
<li><a href="{{ p.href }}"{% if p.current %} class="current" aria-current="page"{% endif %}>{{ p.title|e }}</a>
</li>{% endfor %}</ul></nav>
<main>{{ body }}
<nav class="pager">{% if prev %}<a rel="prev" href="{{ prev.href }}">← {{ prev.title|e }}</a>{% else %}<span>
</span>{% endif %}
{% if next %}<a rel="next" href="{{ next.href }}">{{ next.title|e }} →</a>{% endif %}</nav></main>
<script src="{{ root }}/search.js"></script>
<script>
document.documentElement.setAttribute("data-pages", window.SEARCH_INDEX.length);
document.getElementById("filter").addEventListener("input", function (e) {
  var words = e.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
  var links = document.querySelectorAll("#sidebar li a");
  window.SEARCH_INDEX.forEach(function (p, i) {
    var text = p.t.toLowerCase() + " " + p.x, hit = words.every(function (w) { return text.indexOf(w) >= 0; });
    links[i].parentNode.style.display = hit ? "" : "none";
  });
});
</script></body></html>
""")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="site", help="output folder (default: site)")
    ap.add_argument("--nbs", default=None, help="notebook folder (default: nbs_path from settings.ini)")
    ap.add_argument("--check-only", action="store_true", help="only check the links of an existing site")
    a = ap.parse_args(argv)
    out = Path(a.out).resolve()
    if not a.check_only:
        ini = configparser.ConfigParser(delimiters=["="], interpolation=None)
        ini.read(ROOT / "settings.ini")
        cfg = dict(ini["DEFAULT"])
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # quiet TensorFlow when a module imports it
        t0 = time.time()
        site = Site(Path(a.nbs).resolve() if a.nbs else ROOT / cfg.get("nbs_path", "nbs"), out, cfg)
        site.build()
        print(f"built {len(site.pages)} pages into {out} in {time.time() - t0:.1f}s")
    bad = check_site(out)
    if bad:
        print(f"link check FAILED: {len(bad)} broken link(s)\n" + "\n".join("  " + b for b in bad))
        return 1
    print(f"link check: every internal link in {out} resolves; nothing loads from the network")
    return 0


if __name__ == "__main__":
    sys.exit(main())
