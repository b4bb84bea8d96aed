"""Load every page of the built docs site in headless Chromium; screenshot the index page.

  python tools/check_site_chromium.py [--site site] [--screenshot PATH] [--chromium PATH]

Serves the site on 127.0.0.1 (a free port, http.server in a thread), runs `chromium --dump-dom` on
every page and checks the DOM it returns: the page's <title>, a sidebar linking every page with this
page marked current, and `data-pages` set by the page's script (so search.js loaded and ran). Every
request the browser made must have been answered 200 (or 304). Then a 1280x900 screenshot of index.html
(default: <site>/index.png). Exit 0 when all pages pass, 1 listing the failures, 2 without Chromium.
Install Chromium on Debian with: apt-get update && apt-get install -y chromium
"""

import argparse, shutil, subprocess, sys, tempfile, threading, time
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


class Handler(SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        self.server.requests.append((self.path, int(getattr(code, "value", code))))

    def log_message(self, *args):
        pass


class Dom(HTMLParser):
    "The bits of a dumped DOM the check looks at."

    def __init__(self):
        super().__init__()
        self.title, self.links, self.current, self.pages, self._in = "", [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.pages = a.get("data-pages")
        if tag == "nav" and a.get("id") == "sidebar":
            self._in = "nav"
        if tag == "title":
            self._in = "title"
        if tag == "a" and self._in == "nav" and "brand" not in (a.get("class") or ""):
            self.links.append(a.get("href"))
            if "current" in (a.get("class") or ""):
                self.current.append(a.get("href"))

    def handle_endtag(self, tag):
        if tag in ("nav", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data


def chromium(exe, profile, *args, timeout=90):
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=timeout
    )


def check(site, exe, shot):
    site = Path(site).resolve()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if "index.html" not in pages:
        return [f"{site}/index.html not found (build the site first)"], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base, bad, t0 = f"http://127.0.0.1:{server.server_address[1]}/", [], time.time()
    try:
        with tempfile.TemporaryDirectory() as profile:
            for page in pages:
                r = chromium(exe, profile, "--dump-dom", base + page)
                want, got = Dom(), Dom()
                want.feed((site / page).read_text())
                got.feed(r.stdout)
                own = Path(page).name
                if r.returncode or not got.title:
                    bad.append(f"{page}: chromium rc={r.returncode}, no DOM; stderr: {r.stderr[-500:]}")
                    continue
                if got.title != want.title:
                    bad.append(f"{page}: title {got.title!r}, expected {want.title!r}")
                if len(got.links) != len(pages):
                    bad.append(f"{page}: sidebar has {len(got.links)} links, site has {len(pages)} pages")
                if [Path(h).name for h in got.current] != [own]:
                    bad.append(f"{page}: sidebar marks {got.current} current, expected {own}")
                if got.pages != str(len(pages)):
                    bad.append(f"{page}: data-pages={got.pages!r}: the page script or search.js did not run")
            r = chromium(exe, profile, f"--screenshot={shot}", "--window-size=1280,900", base + "index.html")
            if not Path(shot).is_file():
                bad.append(f"screenshot not written: rc={r.returncode} {r.stderr[-500:]}")
    finally:
        server.shutdown()
        server.server_close()
    bad += [f"request {p} answered {code}" for p, code in server.requests if code not in (200, 304)]
    return bad, time.time() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default="site", help="the built site (default: site)")
    ap.add_argument("--screenshot", default=None, help="PNG of index.html (default: <site>/index.png)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    a = ap.parse_args(argv)
    if not Path(a.chromium).is_file():
        print(f"chromium not found at {a.chromium}: apt-get update && apt-get install -y chromium")
        return 2
    shot = Path(a.screenshot or Path(a.site) / "index.png").resolve()
    bad, secs = check(a.site, a.chromium, shot)
    if bad:
        print(f"chromium check FAILED ({secs:.1f}s):\n" + "\n".join("  " + b for b in bad))
        return 1
    print(
        f"chromium check: every page of {Path(a.site).resolve()} loads with its title and full sidebar "
        f"({secs:.1f}s); screenshot {shot}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
