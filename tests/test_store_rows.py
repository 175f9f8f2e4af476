"""The store's rows (sitegen/build/rows.py): a draft or a rendered post reads back as the same
value, field by field and type by type, whichever way it was written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sitegen.config import load_config
from sitegen.frozen import FrozenDict
from sitegen.model import Heading
from sitegen.pipeline.read.content import read_post
from sitegen.pipeline.state import rows
from sitegen.pipeline.values import Rendered

POST = """---
title: "Rows, read back"
date: 2026-03-29 01:30
updated: 2026-10-25 02:30 +01:00
author: ana
tags: [Batteries, "Grid & storage"]
summary: A post with everything a draft can hold.
slug: rows-read-back
cover: cover.jpg
cover_alt: A battery on a bench
toc: true
sources:
  - title: A report
    publisher: An agency
    url: https://example.org/report
  - title: A second one
updates:
  - date: 2026-04-01
    text: Fixed a figure.
aliases: [/old/rows/, /older/rows.html]
feed_id: tag:example.org,2026:rows
rating: 4.5
nested: {a: [1, 2, {b: c}], when: 2026-01-01}
---
The body.
"""


def _same_fields(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert x == y, f.name
        assert type(x) is type(y), f.name
        if isinstance(x, dt.datetime):
            assert x.tzinfo == y.tzinfo and x.utcoffset() == y.utcoffset() and x.fold == y.fold, f.name


@pytest.fixture
def draft(tmp_path: Path) -> Any:
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "sitegen.toml").write_text('title = "T"\nbase_url = "https://example.org/"\ntimezone = "Europe/Berlin"\n')
    (tmp_path / "content/posts/rows.md").write_text(POST, "utf-8")
    config = load_config(tmp_path, {})
    return dataclasses.replace(read_post(tmp_path, "posts/rows.md", config, digest="abc"), body="")


def test_a_full_draft_reads_back_as_marshal(draft: Any):
    assert draft.sources and draft.updates and draft.aliases and draft.extra and draft.updated is not None
    data = rows.encode_draft(draft, "shape")
    assert data[:1] == b"m"
    back, shape = rows.decode_draft(data)
    assert shape == "shape"
    _same_fields(back, draft)


@pytest.mark.parametrize("tz", [ZoneInfo("America/New_York"), dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.UTC,
                                dt.timezone(dt.timedelta(hours=2), "CEST"), None])
@pytest.mark.parametrize("fold", [0, 1])
def test_every_kind_of_date_reads_back(draft: Any, tz: Any, fold: int):
    when = dt.datetime(2026, 11, 1, 1, 30, 5, 7, tzinfo=tz, fold=fold)
    changed = dataclasses.replace(draft, date=when, updated=None)
    back, _ = rows.decode_draft(rows.encode_draft(changed, "s"))
    _same_fields(back, changed)
    assert back.date.tzname() == when.tzname()


class Title(str):
    """A str subclass (marshal writes only exact str)."""


def test_what_marshal_cannot_carry_is_pickled(draft: Any):
    odd = dataclasses.replace(draft, title=Title("a str subclass"))
    data = rows.encode_draft(odd, "s")
    assert data[:1] == b"p"
    back, _ = rows.decode_draft(data)
    assert type(back.title) is Title and back == odd


def test_a_rendered_post_reads_back():
    rendered = Rendered("", "<p>s</p>", "s", (Heading(2, "a", "A"), Heading(3, "b", "B")), 12, 3, "/c.jpg",
                        (("other.md", 4, "/posts/other/"), ("x.png", None, "/posts/x.png")),
                        (("/posts/x.png", "k1"),), ("/posts/x.png",))
    data = rows.encode_rendered(rendered)
    assert data[:1] == b"m"
    back = rows.decode_rendered(data)
    _same_fields(back, rendered)
    assert all(type(h) is Heading for h in back.headings)


def test_an_empty_extra_is_a_frozen_dict(draft: Any):
    plain = dataclasses.replace(draft, extra=FrozenDict(), sources=(), updates=(), aliases=())
    back, _ = rows.decode_draft(rows.encode_draft(plain, "s"))
    _same_fields(back, plain)
    with pytest.raises(TypeError):
        back.extra["x"] = 1


# -- the snapshot's drafts (sitegen/pipeline/state/snapshot.py) ----------------------------

def test_a_full_draft_reads_back_from_the_snapshot(draft: Any):
    import marshal
    assert draft.toc and draft.sources and draft.updates and draft.aliases and draft.extra and draft.updated
    _same_fields(rows._draft_of(marshal.loads(marshal.dumps(rows._draft_tuple(draft)))), draft)
    plain = dataclasses.replace(draft, extra=FrozenDict(), sources=(), updates=(), aliases=(), updated=None)
    _same_fields(rows._draft_of(marshal.loads(marshal.dumps(rows._draft_tuple(plain)))), plain)


def test_a_draft_the_snapshot_cannot_carry_exactly_leaves_no_snapshot(draft: Any):
    import marshal
    with pytest.raises(ValueError):      # (marshal takes only its exact types: sections() then saves none)
        marshal.dumps(rows._draft_tuple(dataclasses.replace(draft, title=Title("T"))))


def test_snapshot_rows_read_as_a_tuple_of_values(draft: Any):
    import pickle

    from sitegen.pipeline.state import snapshot
    drafts = [dataclasses.replace(draft, content_rel=f"posts/{n}.md", title=f"T{n}") for n in range(5)]
    plain = [rows._draft_tuple(d) for d in drafts]
    read: list[int] = []

    def section(n: int) -> list[Any]:
        read.append(n)
        return plain[2 * n:2 * n + 2]
    lazy = snapshot.Lazy(section, 2, 5, rows._draft_of, [d.content_rel for d in drafts])
    assert not lazy._made and not read             # nothing read or made until asked for
    assert lazy[1].title == "T1" and lazy[-1].title == "T4" and len(lazy._made) == 2 and read == [0, 2]
    assert [d.title for d in lazy[1:4]] == ["T1", "T2", "T3"] and [d.title for d in lazy[::-2]] == ["T4", "T2", "T0"]
    assert [d.title for d in lazy] == [d.title for d in drafts] and len(lazy) == 5 and read == [0, 2, 1]
    assert [d.title for d in reversed(lazy)] == ["T4", "T3", "T2", "T1", "T0"]
    assert lazy == tuple(drafts) and lazy[2] in lazy and lazy.index(lazy[3]) == 3 and lazy.count(lazy[0]) == 1
    assert list(lazy + (1,))[-1] == 1 and tuple(lazy) == tuple(drafts) and sorted(lazy, key=lambda d: d.title)[0].title == "T0"
    with pytest.raises(IndexError):
        lazy[5]
    other = lazy.with_items({2: dataclasses.replace(drafts[2], title="new")})
    assert other[2].title == "new" and lazy[2].title == "T2" and other[3].title == "T3"
    assert other.row(2) == lazy.row(2) and other.keys == lazy.keys == [d.content_rel for d in drafts]
    assert set(other.new) == {2} and not lazy.new       # (what an edit's patch writes)
    again = pickle.loads(pickle.dumps(lazy))
    assert type(again) is tuple and [d.title for d in again] == [d.title for d in drafts]
