#!/usr/bin/env python3
"""The HTML report in a real browser: for every report given, write the page
with `weightaudit merge --format html`, then with headless Chromium

  * take a 1280x2000 screenshot (kept in build/html/) and check it is a PNG of
    that size with more than one colour, showing the verdict colour of the
    style sheet (so the inline CSS passed the page's Content-Security-Policy);
  * dump the DOM the browser built and check it holds no element or attribute
    that could run or fetch anything (script, img, iframe, object, embed, link,
    on* handlers, src/href), whatever the report's strings contain;
  * check that every license difference of the report (licenses[].evidence)
    is on the page as the browser built it: each inserted span as the text of
    an <ins> element, each deleted span as the text of a <del> element.

  render.py --bin ./weightaudit REPORT.json...      exit 0 all good, 1 otherwise
"""
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 1280, 2000
VERDICT_RGB = {"allow": (0x1a, 0x7f, 0x37), "review": (0x9a, 0x67, 0x00), "deny": (0xcf, 0x22, 0x2e)}
FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "link", "frame", "frameset", "base", "form",
                  "audio", "video", "source", "image"}


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("render.py: chromium not found (make deps-chromium installs it)")


def browser(args, profile):
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile] + args
    return subprocess.run(cmd, capture_output=True, timeout=180)


def png_pixels(data):
    """(width, height, set of RGB colours) of an 8-bit RGB/RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("PNG kind %d/%d not handled" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    colours = set()
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp * 2):       # every other pixel is plenty
            colours.add(bytes(line[x:x + 3]))
        prev = line
    return width, height, colours


class DomCheck(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []
        self.tags = 0
        self.marked = {"ins": [], "del": []}     # the text of every <ins> and <del>
        self.open = []

    def handle_endtag(self, tag):
        if tag in self.marked and self.open and self.open[-1][0] == tag:
            t, parts = self.open.pop()
            self.marked[t].append("".join(parts))

    def handle_data(self, data):
        for _, parts in self.open:
            parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.tags += 1
        if tag in self.marked:
            self.open.append((tag, []))
        if tag in FORBIDDEN_TAGS:
            self.bad.append("<%s>" % tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "href", "srcset", "action", "formaction", "xlink:href") \
                    and not (k == "href" and tag == "use"):
                self.bad.append("%s=%r on <%s>" % (k, v, tag))


def evidence_check(report, dom):
    """Every inserted/deleted span of the report is the text of an <ins>/<del>."""
    fails = []
    with open(report, encoding="utf-8") as f:
        rep = json.load(f)
    for m in rep.get("models", []):
        for lic in m.get("licenses", []):
            for e in lic.get("evidence") or []:
                tag = "ins" if e.get("kind") == "inserted" else "del"
                text = e.get("text") or ""
                if not text.replace("\n", "").isprintable():
                    continue                # control characters are shown as \xNN
                if text not in dom.marked[tag]:
                    fails.append("%s %s span %r is not the text of a <%s> on the page"
                                 % (lic.get("source"), e.get("kind"), text[:60], tag))
    return fails


def check(binary, report, outdir):
    name = os.path.splitext(os.path.basename(report))[0]
    page = os.path.join(outdir, name + ".html")
    shot = os.path.join(outdir, name + ".png")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    p = subprocess.run([binary, "merge", "--fail-on", "never", "--format", "html", "-o", page, report],
                       capture_output=True, env=env)
    if p.returncode != 0:
        return ["merge --format html exited %d: %s" % (p.returncode, p.stderr.decode()[:300])]
    verdict = None
    for v in VERDICT_RGB:
        if '<section class="card verdict %s">' % v in open(page, encoding="utf-8").read():
            verdict = v
    fails = []
    profile = tempfile.mkdtemp(prefix="wa-chromium-")
    try:
        if os.path.exists(shot):
            os.unlink(shot)
        r = browser(["--screenshot=" + shot, "--window-size=%d,%d" % (WIDTH, HEIGHT),
                     "--hide-scrollbars", "file://" + os.path.abspath(page)], profile)
        if not os.path.exists(shot) or os.path.getsize(shot) == 0:
            fails.append("no screenshot: %s" % r.stderr.decode()[-300:])
        else:
            w, h, colours = png_pixels(open(shot, "rb").read())
            if (w, h) != (WIDTH, HEIGHT):
                fails.append("screenshot is %dx%d" % (w, h))
            if len(colours) < 2:
                fails.append("the screenshot has a single colour")
            if verdict and bytes(VERDICT_RGB[verdict]) not in colours:
                fails.append("the %s colour is not on the page: the style sheet did not apply" % verdict)
        r = browser(["--dump-dom", "file://" + os.path.abspath(page)], profile)
        dom = DomCheck()
        dom.feed(r.stdout.decode("utf-8", "replace"))
        if dom.tags < 20:
            fails.append("the browser built almost no DOM (%d elements)" % dom.tags)
        fails += ["the DOM holds %s" % b for b in dom.bad[:5]]
        fails += evidence_check(report, dom)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return fails


def main(argv):
    if argv[:1] != ["--bin"] or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, reports = os.path.abspath(argv[1]), argv[2:]
    outdir = os.path.join(ROOT, "build", "html")
    os.makedirs(outdir, exist_ok=True)
    failed = 0
    for rep in reports:
        fails = check(binary, rep, outdir)
        status = "ok" if not fails else "FAIL"
        print("html %-28s %s" % (os.path.basename(rep), status))
        for f in fails:
            print("  " + f)
        failed += bool(fails)
    print("html: %d rendered, %d failed (screenshots in %s)" % (len(reports), failed, os.path.relpath(outdir, ROOT)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
