"""Edits of a bilingual site through the one edit engine (issue 20, item 9): a body or title edit
of a post, original or translation, is applied in place, by the command line's edit path and by
serve's Editor, with what a translation takes from its original as the full build gives it; an
original's edit of a field its translations take (tags here) takes the full build. Each step
equals a clean build, byte for byte.

The fixture's German wallbox post takes its original's date and author; a German megawatt post
is added that takes its date, author and tags."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FIXTURES, snapshot

from sitegen.pipeline import Options, Session, build

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MEGAWATT_DE = "---\ntitle: Lkw laden mit Megawatt\n---\n\nMegawattladen für Lkw.\n"


class Clock:
    """Every file modified since the last look gets its own time, seconds apart, in the past (a
    file modified in the clock tick of the last build is never trusted by its size and time:
    the command line's edit path would not take it)."""

    def __init__(self, root: Path):
        self.root, self.t, self.known = root, time.time() - 100_000, {}
        self.age()

    def age(self) -> None:
        self.t += 3
        for dirpath, _, names in os.walk(self.root):
            for name in names:
                path = os.path.join(dirpath, name)
                st = os.stat(path)
                if self.known.get(path) != (st.st_size, st.st_mtime_ns):
                    os.utime(path, (self.t, self.t))
                    st = os.stat(path)
                    self.known[path] = (st.st_size, st.st_mtime_ns)


class Bilingual:
    """The bilingual fixture built once, then edited through the command line or a Session."""

    def __init__(self, tmp_path: Path, how: str, cover: bool = False):
        self.tmp, self.how = tmp_path, how
        self.site = tmp_path / "site"
        shutil.copytree(FIXTURES / "bilingual-site", self.site)
        (self.site / "content/posts/megawatt.de.md").write_text(MEGAWATT_DE, "utf-8")
        if cover:           # the original's cover and its alt text, which the translation takes
            (self.site / "content/posts/img").mkdir()
            (self.site / "content/posts/img/truck.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
            original = self.site / "content/posts/megawatt.md"
            original.write_text(original.read_text("utf-8").replace(
                "tags: [Charging, Trucks]\n", "tags: [Charging, Trucks]\ncover: img/truck.svg\ncover_alt: A truck at a charger\n"),
                "utf-8")
        self.out = tmp_path / "out"
        self.clock = Clock(self.site)
        self.options = Options(site_dir=self.site, output_dir=self.out, now=NOW, workers=1)
        if how == "cli":
            build(self.options)
            build(self.options)         # (the second build leaves the snapshot the edit path starts from)
        else:
            self.session = Session(self.options)
            self.session.full()

    def edit(self, rel: str, old: str, new: str) -> tuple[bool, dict[str, bytes]]:
        """Edit a post file: whether the edit was applied in place, and the output before it.
        The output after it must equal a clean build's."""
        before = snapshot(self.out)
        path = self.site / "content" / rel
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")
        self.clock.age()
        if self.how == "cli":
            in_place = build(self.options).in_place
        else:
            fast = self.session.fast_updates
            if self.session.apply([os.path.join("content", *rel.split("/"))]) is None:   # (as the watcher names it)
                self.session.full()
            self.session.settle()
            in_place = self.session.fast_updates == fast + 1
        clean = self.tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(Options(site_dir=self.site, output_dir=clean, now=NOW, use_cache=False, workers=1))
        assert snapshot(self.out) == snapshot(clean)
        return in_place, before


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


@pytest.mark.parametrize("how", ["cli", "serve"])
def test_a_translations_body_edit_is_in_place_and_keeps_what_it_takes(tmp_path: Path, how: str):
    site = Bilingual(tmp_path, how)
    in_place, before = site.edit("posts/wallbox.de.md", "über Nacht zu füllen.", "über Nacht zu füllen. Neu.")
    assert in_place
    page = (site.out / "de/posts/wallbox/index.html").read_text("utf-8")
    assert "Neu." in page and '<time datetime="2025-03-04T10:00:00+01:00">' in page     # the original's date
    assert {rel for rel in changed(before, snapshot(site.out)) if not rel.startswith(".")} == {
        "de/posts/wallbox/index.html", "de/feed.xml", "de/atom.xml", "de/feed.json"}     # its page and feeds


@pytest.mark.parametrize("how", ["cli", "serve"])
def test_an_originals_title_edit_is_in_place_and_leaves_the_other_language_alone(tmp_path: Path, how: str):
    site = Bilingual(tmp_path, how)
    in_place, before = site.edit("posts/wallbox.md", 'title: "Home Chargers Draw 11 kW"',
                                 'title: "Home Chargers Mostly Draw 11 kW"')
    assert in_place
    moved = changed(before, snapshot(site.out))
    assert {"posts/wallbox/index.html", "index.html", "feed.xml"} <= moved
    assert not [rel for rel in moved if rel.startswith("de/")]      # the counterpart shows its URL, not its title
    # a translation that takes from it, edited in place after it
    in_place, _ = site.edit("posts/megawatt.de.md", "Megawattladen für Lkw.", "Megawattladen für Lkw, bald.")
    assert in_place


@pytest.mark.parametrize("how", ["cli", "serve"])
def test_an_originals_body_edit_is_in_place(tmp_path: Path, how: str):
    site = Bilingual(tmp_path, how)
    in_place, _ = site.edit("posts/megawatt.md", "one megawatt.", "one megawatt, and soon more.")
    assert in_place


@pytest.mark.parametrize("how", ["cli", "serve"])
def test_an_originals_tag_edit_reaches_the_translation_that_takes_its_tags(tmp_path: Path, how: str):
    site = Bilingual(tmp_path, how)
    in_place, _ = site.edit("posts/megawatt.md", "tags: [Charging, Trucks]", "tags: [Charging, Trucks, Grid]")
    assert not in_place                 # a field its translation takes: the full build
    assert (site.out / "de/tags/grid/index.html").is_file()
    assert "Lkw laden mit Megawatt" in (site.out / "de/tags/grid/index.html").read_text("utf-8")
    # then the translation's own edit, in place, keeps the new tags
    in_place, _ = site.edit("posts/megawatt.de.md", "Megawattladen für Lkw.", "Megawattladen für Lkw, bald.")
    assert in_place
    assert "/de/tags/grid/" in (site.out / "de/posts/megawatt/index.html").read_text("utf-8")


@pytest.mark.parametrize("how", ["cli", "serve"])
def test_a_post_in_a_language_folder_is_edited_in_place(tmp_path: Path, how: str):
    site = Bilingual(tmp_path, how)
    in_place, _ = site.edit("de/posts/schnellladen.md", 'title: "Schnellladen an der Autobahn"',
                            'title: "Schnellladen an Autobahnen"')
    assert in_place
    assert "Schnellladen an Autobahnen" in (site.out / "de/index.html").read_text("utf-8")


@pytest.mark.parametrize("how", ["cli", "serve"])
def test_an_originals_cover_alt_edit_reaches_the_translation_that_takes_its_cover(tmp_path: Path, how: str):
    """cover_alt is not part of a post's place, but a translation takes it with the cover: the
    original's edit of it is not in place for the translation (engine.kind_of)."""
    site = Bilingual(tmp_path, how, cover=True)
    assert 'alt="A truck at a charger"' in (site.out / "de/posts/megawatt/index.html").read_text("utf-8")
    in_place, _ = site.edit("posts/megawatt.md", "cover_alt: A truck at a charger", "cover_alt: A truck charging")
    assert not in_place
    assert 'alt="A truck charging"' in (site.out / "de/posts/megawatt/index.html").read_text("utf-8")
