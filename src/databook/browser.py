"""Finding a Chromium to test and print the site with, wherever one is installed.

Browser tests and PDF printing drive a real Chromium through Playwright. A test tool's own browser
download (``playwright install``) needs the internet, so the book uses whichever Chromium the machine
already has, in this order:

1. the path in ``DATABOOK_CHROMIUM`` (an explicit choice wins, and must exist);
2. a Chromium or Chrome on ``PATH``: ``chromium`` (Debian), ``chromium-browser``, ``google-chrome``,
   ``google-chrome-stable`` (preinstalled on GitHub's Ubuntu runners), ``chrome``;
3. a browser Playwright has already downloaded (``~/.cache/ms-playwright`` or
   ``PLAYWRIGHT_BROWSERS_PATH``);
4. the usual application folders of macOS.

A snap wrapper (``/snap/bin/chromium``) is skipped: confined, it cannot read pages under ``/tmp`` or be
driven over a pipe. When nothing is found, :func:`find` raises :class:`NoBrowser`, whose message says
what to install; the tests fail with it rather than skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
from pathlib import Path

ENV = "DATABOOK_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MAC = ("/Applications/Chromium.app/Contents/MacOS/Chromium",
       "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
#: Flags for a headless Chromium on a machine without a network or a display.
ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync")

HELP = """no Chromium or Chrome found for the browser tests and PDFs. Install one of:
  Debian:        sudo apt-get install chromium        (make browser-deps does this when run as root)
  Ubuntu:        Google Chrome (the chromium package is a snap, which cannot be driven here)
  macOS:         Chromium or Google Chrome in /Applications
  with internet: .venv/bin/python -m playwright install chromium
or point {env} at a Chromium executable.""".format(env=ENV)


class NoBrowser(RuntimeError):
    """No usable Chromium on this machine; the message says what to install."""


def _is_snap(path: str) -> bool:
    return os.path.realpath(path).startswith("/snap/") or path.startswith("/snap/")


def candidates() -> list[str]:
    """Every Chromium found, in the order :func:`find` prefers them (the first is used)."""
    found: list[str] = []
    for name in NAMES:
        path = shutil.which(name)
        if path and not _is_snap(path):
            found.append(path)
    roots = [os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or "", str(Path.home() / ".cache" / "ms-playwright"),
             str(Path.home() / "Library" / "Caches" / "ms-playwright")]
    for root in filter(None, roots):
        pattern = ("chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium" if sys.platform == "darwin"
                   else "chromium-*/chrome-linux*/chrome")
        found.extend(sorted(glob.glob(os.path.join(root, pattern)), reverse=True))
    if sys.platform == "darwin":
        found.extend(p for p in MAC if os.path.exists(p))
    return list(dict.fromkeys(found))


def find() -> str:
    """The Chromium to use; raises :class:`NoBrowser` saying what to install."""
    chosen = os.environ.get(ENV)
    if chosen:
        if not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            raise NoBrowser(f"{ENV}={chosen} is not an executable file")
        return chosen
    found = candidates()
    if not found:
        raise NoBrowser(HELP)
    return found[0]


def main(argv: list[str] | None = None) -> int:
    """``python -m databook browser``: print the Chromium that would be used, or what to install."""
    try:
        print(find())
        return 0
    except NoBrowser as error:
        print(error, file=sys.stderr)
        return 1
