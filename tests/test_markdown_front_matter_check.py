"""textcheck.in_front_matter looks at every string of a post's fields at once first (and keeps
each dataclass's fields by its class); a bad character anywhere it looked before is still found,
named by its key, in any kind of draft."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitegen.frozen import FrozenDict
from sitegen.model import Alias, Source, Update
from sitegen.pipeline.markdown import textcheck


@dataclass(frozen=True)
class Draft:
    source: str = "content/posts/a.md"
    body: str = "a\x0bbody (the body is checked elsewhere)"
    body_line: int = 11
    title: str = "A"
    date: datetime = datetime(2026, 1, 2)
    tag_names: tuple[str, ...] = ("ev", "grid")
    sources: tuple[Source, ...] = (Source("S", "P", "https://e.com"),)
    updates: tuple[Update, ...] = ()
    aliases: tuple[Alias, ...] = ()
    extra: Any = field(default_factory=lambda: FrozenDict({"a": [1, "x", {"b": "y"}], "n": 2.5}))
    digest: str = "\x0b"            # (not front matter)


@dataclass(frozen=True)
class Page:                         # another class, with fields of its own
    source: str = "content/pages/p.md"
    body: str = ""
    body_line: int = 11
    colour: str = "red"
    note: Source = field(default_factory=lambda: Source("n"))


def source_text() -> str:
    return "---\ntitle: A\ntags: [a]\nsources: []\nupdates: []\naliases: []\nextra: 1\ncolour: x\nnote: y\n---\n"


def keys(draft: Any) -> list[str]:
    return [p.message.split("'")[2] for p in textcheck.in_front_matter(draft, source_text)]


def test_a_clean_draft_has_no_problem():
    assert keys(Draft()) == [] and keys(Page()) == []


def test_each_place_a_bad_character_can_hide_is_found():
    assert keys(Draft(title="A\x0cB")) == ["title"]
    assert keys(Draft(tag_names=("ok", "b\x00d"))) == ["tags"]
    assert keys(Draft(sources=(Source("S", "P\x1b"),))) == ["sources"]
    assert keys(Draft(updates=(Update(datetime(2026, 1, 3), "fixed\ufffe"),))) == ["updates"]
    assert keys(Draft(aliases=(Alias("/old/", "content/x\x01.md"),))) == ["aliases"]
    assert keys(Draft(extra=FrozenDict({"a": [1, {"deep": "v\x0bv"}]}))) == ["a"]


def test_two_classes_in_one_process_keep_their_own_fields():
    # Draft first (its fields kept), then Page: a bad character in fields Draft does not have
    assert keys(Draft()) == []
    assert keys(Page(colour="r\x0bd")) == ["colour"]
    assert keys(Page(note=Source("n", url="u\x0c"))) == ["note"]
    assert keys(Draft(title="\x0b")) == ["title"]
    assert [p.line for p in textcheck.in_front_matter(Page(colour="\x0b"), source_text)] == [8]
