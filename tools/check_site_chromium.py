"""Load every page of the built docs site in headless Chromium; count the outputs it shows; screenshot one page.

  python tools/check_site_chromium.py [--site site] [--proc _proc/docs] [--screenshot PATH] [--chromium PATH]

Serves the site on 127.0.0.1 (a free port), runs `chromium --dump-dom` on every page (those in sub-folders too,
e.g. tutorials/train_and_submit.html; not the theme's assets/) and fails a page when the browser logged anything to
its console (errors, failed scripts), when any request was not answered 200/304, or when the page shows fewer images /
tables in its cell outputs than its executed notebook (`--proc`, written by tools/build_docs.py, same relative path)
holds. Prints one line per page and how many pages show images and tables, then a 1280x900 screenshot of report.html
(or index.html). Exit 0 when all pages pass, 1 listing the failures, 2 without Chromium.
Install Chromium on Debian with: apt-get update && apt-get install -y chromium
"""

import argparse, json, re, shutil, subprocess, sys, tempfile, threading, time
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]
CONSOLE = re.compile(r":CONSOLE(?:\(\d+\))?:?\d*\] (.*)")


class Handler(SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        self.server.requests.append((self.path, int(getattr(code, "value", code))))

    def log_message(self, *args):
        pass


class Outputs(HTMLParser):
    "Counts `<img>` and `<table>` inside mkdocs-jupyter's cell output areas of a dumped DOM; reads the <title>."

    def __init__(self):
        super().__init__()
        self.images = self.tables = 0
        self.title, self._stack, self._in_title = "", [], False

    def handle_starttag(self, tag, attrs):
        out = "jp-OutputArea-output" in (dict(attrs).get("class") or "").split()
        if tag not in ("img", "br", "meta", "link", "input", "hr", "source"):
            self._stack.append(out or bool(self._stack and self._stack[-1]))
        inside = out or (self._stack and self._stack[-1])
        self.images += tag == "img" and bool(inside)
        self.tables += tag == "table" and bool(inside)
        self._in_title = tag == "title" or self._in_title

    def handle_endtag(self, tag):
        if tag not in ("img", "br", "meta", "link", "input", "hr", "source") and self._stack:
            self._stack.pop()
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def expected(nb):
    "(images, tables) among the outputs of an executed notebook."
    imgs = tabs = 0
    for c in json.loads(Path(nb).read_text())["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            imgs += any(k.startswith("image/") for k in data)
            html = data.get("text/html", "")
            tabs += "<table" in ("".join(html) if isinstance(html, list) else html)
    return imgs, tabs


def chromium(exe, profile, *args, timeout=90):
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=timeout)


def check(site, proc, exe, shot):
    "(failures, {page: (images, tables)}, seconds)."
    site = Path(site).resolve()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if p.name != "404.html" and p.relative_to(site).parts[0] != "assets")
    if "index.html" not in pages:
        return [f"{site}/index.html not found (build the site first: make docs)"], {}, 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base, bad, seen, t0 = f"http://127.0.0.1:{server.server_address[1]}/", [], {}, time.time()
    try:
        with tempfile.TemporaryDirectory() as profile:
            for page in pages:
                r = chromium(exe, profile, "--dump-dom", base + page)
                dom = Outputs()
                dom.feed(r.stdout)
                if r.returncode or not dom.title:
                    bad.append(f"{page}: chromium rc={r.returncode}, no DOM; stderr: {r.stderr[-500:]}")
                    continue
                bad += [f"{page}: console: {m}" for m in CONSOLE.findall(r.stderr)]
                seen[page] = dom.images, dom.tables
                nb = Path(proc) / Path(page).with_suffix(".ipynb")
                if nb.is_file():
                    want = expected(nb)
                    if dom.images < want[0] or dom.tables < want[1]:
                        bad.append(f"{page}: shows {dom.images} images / {dom.tables} tables in outputs, "
                                   f"its notebook has {want[0]} / {want[1]}")
            show = "report.html" if "report.html" in pages else "index.html"
            r = chromium(exe, profile, f"--screenshot={shot}", "--window-size=1280,900", base + show)
            if not Path(shot).is_file():
                bad.append(f"screenshot not written: rc={r.returncode} {r.stderr[-500:]}")
    finally:
        server.shutdown()
        server.server_close()
    bad += [f"request {p} answered {code}" for p, code in server.requests if code not in (200, 304)]
    return bad, seen, time.time() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default="site", help="the built site (default: site)")
    ap.add_argument("--proc", default="_proc/docs", help="the executed notebooks the site was built from")
    ap.add_argument("--screenshot", default=None, help="PNG of report.html (default: <site>/screenshot.png)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    a = ap.parse_args(argv)
    if not Path(a.chromium).is_file():
        print(f"chromium not found at {a.chromium}: apt-get update && apt-get install -y chromium")
        return 2
    shot = Path(a.screenshot or Path(a.site) / "screenshot.png").resolve()
    bad, seen, secs = check(a.site, a.proc, a.chromium, shot)
    for page, (i, t) in seen.items():
        print(f"  {page:<36} images {i:3d}  tables {t:3d}")
    print(f"chromium: {len(seen)} pages loaded, {sum(i > 0 for i, _ in seen.values())} show images, "
          f"{sum(t > 0 for _, t in seen.values())} show tables ({secs:.1f}s); screenshot {shot}")
    if bad:
        print("chromium check FAILED:\n" + "\n".join("  " + b for b in bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
