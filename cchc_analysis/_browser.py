"""Check the report site in a real browser: headless Chromium, offline, from disk.

Used by ``tests/test_browser.py`` and callable from a bootstrap script::

    python -m cchc_analysis._browser install        # apt-get install chromium when missing (root)
    python -m cchc_analysis._browser reports/index.html

:func:`check_site` opens the index, follows every link to a report and records a
problem for each console error, uncaught page error, failed request, request
to anything but ``file:``/``data:`` (such requests are blocked, never sent),
blank page, and for any sign that a script ran or tried to: a dialog
(``alert``/``confirm``/``prompt``), a ``securitypolicyviolation`` event (a script
or load the page's Content Security Policy blocked), a ``document.title`` that
differs from the page's ``<title>``, a ``javascript:``/``data:``/``vbscript:``
link or frame, and a page without a Content Security Policy.  The driver is Playwright (PyPI ``playwright``) driving Debian's
``chromium`` through ``executable_path``: no browser is downloaded.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "ensure_chromium", "PageProblem", "SiteCheck", "check_site", "print_pages"]

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
_LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def find_chromium() -> str | None:
    """Return the path of a Chromium executable, or None.

    ``CCHC_CHROMIUM`` wins; else ``/usr/bin/chromium`` (Debian) or ``chromium``/
    ``chromium-browser`` on the PATH.

    Examples
    --------
    >>> find_chromium() is None or os.path.exists(find_chromium())
    True
    """
    for candidate in (os.environ.get("CCHC_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ensure_chromium(*, install: bool = True) -> str | None:
    """Return Chromium's path, installing Debian's ``chromium`` first when missing.

    Installs only as root with ``apt-get`` available (``apt-get update`` then
    ``apt-get install -y chromium``); otherwise returns None when missing.

    Examples
    --------
    >>> path = ensure_chromium(install=False)
    >>> path is None or path.endswith(("chromium", "chromium-browser"))
    True
    """
    path = find_chromium()
    if path or not install:
        return path
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL)
    return find_chromium()


@dataclass(frozen=True)
class PageProblem:
    """One thing wrong on one page: ``kind`` is console, pageerror, requestfailed, external,
    navigation, blank, image (an image that did not decode), dialog, csp (a Content Security
    Policy violation), title (changed by a script), scriptlink or nocsp."""

    url: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.url}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class SiteCheck:
    """What :func:`check_site` saw: the pages visited and the problems found."""

    visited: tuple[str, ...]
    problems: tuple[PageProblem, ...]
    texts: tuple[tuple[str, str], ...] = ()

    def text(self, name: str) -> str:
        """Return the visible text of the visited page whose file is ``name`` (e.g. ``"gia-loc.html"``)."""
        for url, text in self.texts:
            if Path(unquote(urlparse(url).path)).name == name:
                return text
        raise KeyError(f"{name} was not visited")

    @property
    def ok(self) -> bool:
        """Return True when no problem was found."""
        return not self.problems

    def __repr__(self) -> str:
        shown = "".join(f"\n  {p}" for p in self.problems[:20])
        return f"SiteCheck(visited={len(self.visited)}, problems={len(self.problems)}){shown}"


#: Installed before any of the page's own content: records CSP violations where the check reads them.
_WATCH = """
window.__cchcViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cchcViolations.push(
  (e.effectiveDirective || e.violatedDirective) + ' blocked ' + (e.blockedURI || 'inline') +
  (e.sample ? ': ' + e.sample : '')));
"""
#: Links, frames and forms that would run a script or load a page made of text when used.
_SCRIPT_LINKS = ("() => [...document.querySelectorAll('[href],[src],[action],[formaction],[srcdoc]')]"
                 ".flatMap(e => ['href','src','action','formaction','srcdoc'].map(a => [e.tagName, a, e.getAttribute(a)]))"
                 ".filter(([t, a, v]) => v !== null && (a === 'srcdoc' || /^\\s*(javascript|vbscript|data:text)/i.test(v)"
                 " && !(t === 'IMG' && /^data:image\\//i.test(v))))"
                 ".map(([t, a, v]) => t.toLowerCase() + ' ' + a + '=' + v.slice(0, 60))")
_CSP_META = ("() => [...document.querySelectorAll('meta[http-equiv]')]"
             ".filter(m => m.httpEquiv.toLowerCase() === 'content-security-policy').map(m => m.content)")


def _declared_title(url: str) -> str | None:
    """Return the ``<title>`` written in the page's file (what a script could not have changed)."""
    import html
    import re

    path = Path(unquote(urlparse(url).path))
    try:
        m = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8", errors="replace"), re.S | re.I)
    except OSError:
        return None
    return " ".join(html.unescape(m.group(1)).split()) if m else None


#: Alt text (or the start of the source) of every image that did not load or decode.
_BROKEN_IMAGES = ("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
                  ".map(i => i.alt || i.src.slice(0, 60))")


def check_site(index: str | Path, *, executable: str | None = None, timeout_ms: int = 30_000,
               min_text: int = 20) -> SiteCheck:
    """Open ``index`` in headless Chromium, follow its links to reports, and return what went wrong.

    Parameters
    ----------
    index : str or Path
        The site's ``index.html`` on disk.
    executable : str, optional
        Chromium to use; default :func:`find_chromium`.
    timeout_ms : int
        Per page.
    min_text : int
        A page with less visible text than this is blank.

    Returns
    -------
    SiteCheck

    Raises
    ------
    FileNotFoundError
        When ``index`` or Chromium is missing.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    index, executable = _page_and_chromium(index, "no site to check", executable)
    problems: list[PageProblem] = []
    visited: list[str] = []
    texts: list[tuple[str, str]] = []
    current = {"url": index.as_uri()}

    def note(kind, detail):
        problems.append(PageProblem(current["url"], kind, detail))

    def route(r):
        if r.request.url.startswith(_LOCAL_SCHEMES):
            r.continue_()
        else:
            note("external", r.request.url)
            r.abort("blockedbyclient")

    with tempfile.TemporaryDirectory(prefix="cchc-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS, timeout=timeout_ms,
        )
        try:
            context.route("**/*", route)
            context.add_init_script(_WATCH)
            # external requests are noted by route(); a failed navigation by goto() below
            context.on("requestfailed", lambda req: None
                       if not req.url.startswith(_LOCAL_SCHEMES) or req.is_navigation_request()
                       else note("requestfailed", f"{req.url} ({req.failure})"))
            page = context.new_page()
            page.on("console", lambda msg: note("console", msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: note("pageerror", str(exc)))

            def dialog(d):
                note("dialog", f"{d.type}: {d.message}")
                d.dismiss()

            page.on("dialog", dialog)
            queue, links = [index.as_uri()], []
            while queue:
                url = queue.pop(0)
                current["url"] = url
                visited.append(url)
                try:
                    page.goto(url, wait_until="load", timeout=timeout_ms)
                except PlaywrightError as exc:
                    note("navigation", str(exc).splitlines()[0])
                    continue
                page.wait_for_timeout(50)  # a timer set by a script that ran fires now
                text = page.evaluate("() => document.body ? document.body.innerText.trim() : ''")
                texts.append((url, text))
                for v in page.evaluate("() => window.__cchcViolations || []"):
                    note("csp", v)
                declared = _declared_title(url)
                shown = " ".join(page.title().split())
                if declared is not None and shown != declared:
                    note("title", f"document.title is {shown!r}, the page says {declared!r}")
                for found in page.evaluate(_SCRIPT_LINKS):
                    note("scriptlink", found)
                if not page.evaluate(_CSP_META):
                    note("nocsp", "no Content-Security-Policy meta")
                if len(text) < min_text:
                    note("blank", f"only {len(text)} characters of visible text")
                for alt in page.evaluate(_BROKEN_IMAGES):  # a figure that does not decode shows nothing
                    note("image", f"image not shown: {alt}")
                if url == index.as_uri():
                    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                        target = urldefrag(href).url
                        if target.startswith("file:") and target.endswith(".html") and target not in links:
                            links.append(target)
                            if not Path(unquote(urlparse(target).path)).is_file():
                                note("navigation", f"link to a missing file: {target}")
                        elif not target.startswith("file:"):
                            note("external", f"link to {href}")
                    queue.extend(u for u in links if u not in visited)
        finally:
            context.close()
    return SiteCheck(tuple(visited), tuple(problems), tuple(texts))


def _page_and_chromium(path: str | Path, what: str, executable: str | None) -> tuple[Path, str]:
    """Return the resolved page and the Chromium to open it with, or raise FileNotFoundError saying which is missing."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{what}: {path} does not exist")
    executable = executable or find_chromium()
    if not executable:
        raise FileNotFoundError("Chromium not found; install Debian's chromium (apt-get install -y chromium)")
    return path, executable


def print_pages(page: str | Path, *, executable: str | None = None, timeout_ms: int = 60_000) -> list[str]:
    """Print ``page`` to A4 as Chromium does (print media, the page's own ``@page`` rules) and
    return the text of each printed page, in order.

    Nothing outside ``file:``/``data:`` is fetched. The text is read back from the PDF with
    ``pypdf``, normalized (NFKC: ligatures such as "ﬁ" become "fi"; runs of white space one space).

    Raises
    ------
    FileNotFoundError
        When ``page`` or Chromium is missing.
    """
    import io
    import re
    import unicodedata

    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    page, executable = _page_and_chromium(page, "no page to print", executable)
    with tempfile.TemporaryDirectory(prefix="cchc-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS, timeout=timeout_ms)
        try:
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(_LOCAL_SCHEMES)
                          else r.abort("blockedbyclient"))
            tab = context.new_page()
            tab.goto(page.as_uri(), wait_until="load", timeout=timeout_ms)
            tab.emulate_media(media="print")
            pdf = tab.pdf(format="A4", prefer_css_page_size=True)
        finally:
            context.close()
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text() or "")).strip()
            for p in PdfReader(io.BytesIO(pdf)).pages]


def main(argv: list[str] | None = None) -> int:
    """Install Chromium (``install``) or check a site (a path to ``index.html``)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["install"]:
        path = ensure_chromium()
        print(path or "chromium is missing and cannot be installed here (not root, or no apt-get)")
        return 0 if path else 1
    if len(argv) != 1:
        print(__doc__)
        return 2
    result = check_site(argv[0])
    print(repr(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
