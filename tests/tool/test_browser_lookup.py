"""Which Chromium the browser tests and PDFs use: found wherever it is, never silently missing."""

from __future__ import annotations

import os
import stat

import pytest

from databook import browser


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A machine with an empty PATH and home, and no browser."""
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(browser.ENV, raising=False)
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH", raising=False)
    return tmp_path


def test_no_browser_says_what_to_install(machine):
    with pytest.raises(browser.NoBrowser) as error:
        browser.find()
    message = str(error.value)
    assert "apt-get install chromium" in message and "Google Chrome" in message and browser.ENV in message


def test_a_chrome_on_path_is_found_as_on_github_runners(machine):
    chrome = executable(machine / "bin" / "google-chrome")
    assert browser.find() == chrome


def test_debian_chromium_is_preferred_to_chrome(machine):
    executable(machine / "bin" / "google-chrome")
    chromium = executable(machine / "bin" / "chromium")
    assert browser.find() == chromium


def test_a_snap_wrapper_is_skipped(machine):
    snap = machine / "snap" / "bin" / "chromium"
    executable(snap)
    os.symlink("/snap/bin/chromium", machine / "bin" / "chromium")  # a link into /snap, as on Ubuntu
    chrome = executable(machine / "bin" / "google-chrome")
    assert browser.find() == chrome


def test_a_browser_playwright_downloaded_earlier_is_used(machine):
    old = executable(machine / "home" / ".cache" / "ms-playwright" / "chromium-1100" / "chrome-linux" / "chrome")
    new = executable(machine / "home" / ".cache" / "ms-playwright" / "chromium-1200" / "chrome-linux64" / "chrome")
    assert browser.candidates() == [new, old]


def test_an_explicit_choice_wins_and_must_exist(machine, monkeypatch):
    executable(machine / "bin" / "chromium")
    mine = executable(machine / "opt" / "my-chrome")
    monkeypatch.setenv(browser.ENV, mine)
    assert browser.find() == mine
    monkeypatch.setenv(browser.ENV, str(machine / "missing"))
    with pytest.raises(browser.NoBrowser, match="not an executable file"):
        browser.find()
