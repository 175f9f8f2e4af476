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


# -- the snapshot's posts (sitegen/build/snapshot.py) ------------------------------------------

def _post(draft: Any) -> Any:
    from sitegen.config import Config
    from sitegen.pipeline.markdown import links
    from sitegen.pipeline.state.store import HtmlRef
    rendered = Rendered(html="", summary_html="<p>Sum</p>", summary_text="Sum", words=3, cjk=0,
                        headings=(Heading(2, "a", "A"), Heading(3, "b", "B")), cover="/posts/cover.jpg", links=())
    return links.make_post(draft, rendered, Config(), ("ana",), HtmlRef("/x/state.db", draft.content_rel, "k1"),
                           digest="d1")


def test_a_full_post_reads_back_from_the_snapshot(draft: Any):
    import marshal

    from sitegen.pipeline.state import snapshot
    post = _post(draft)
    assert post.toc and post.sources and post.updates and post.aliases and post.extra and post.updated
    back = snapshot.post_of(marshal.loads(marshal.dumps(snapshot.post_tuple(post))), "/x/state.db")
    _same_fields(dataclasses.replace(back, html_ref=None), dataclasses.replace(post, html_ref=None))
    assert (back.html_ref.path, back.html_ref.rel, back.html_ref.key) == ("/x/state.db", draft.content_rel, "k1")
    plain = dataclasses.replace(post, extra=FrozenDict(), toc=(), sources=(), updates=(), aliases=(), updated=None)
    back = snapshot.post_of(marshal.loads(marshal.dumps(snapshot.post_tuple(plain))), "/x/state.db")
    _same_fields(dataclasses.replace(back, html_ref=None), dataclasses.replace(plain, html_ref=None))


def test_a_post_the_snapshot_cannot_carry_exactly_leaves_no_snapshot(draft: Any):
    import marshal

    from sitegen.pipeline.state import snapshot
    from sitegen.pipeline.state.rows import _Unplain

    class Title(str):
        pass

    with pytest.raises(ValueError):      # (marshal takes only its exact types: sections() then saves none)
        marshal.dumps(snapshot.post_tuple(dataclasses.replace(_post(draft), title=Title("T"))))
    with pytest.raises(_Unplain):        # HTML held in memory, not in the store
        snapshot.post_tuple(dataclasses.replace(_post(draft), html_ref="<p>x</p>"))
    edited = snapshot.post_tuple(dataclasses.replace(_post(draft), html_ref="<p>x</p>"), "k2")   # (an edit's, written)
    assert snapshot.post_of(edited, "/x/state.db").html_ref.key == "k2"


def test_snapshot_posts_read_as_a_tuple_of_posts(draft: Any):
    import pickle

    from sitegen.pipeline.state import snapshot
    posts = [dataclasses.replace(_post(draft), source=f"content/posts/{n}.md", title=f"T{n}") for n in range(5)]
    rows = [snapshot.post_tuple(p) for p in posts]
    read: list[int] = []

    def section(n: int) -> list[Any]:
        read.append(n)
        return rows[2 * n:2 * n + 2]
    lazy = snapshot.posts_of(section, 2, [p.source for p in posts], "/x/state.db")
    assert not lazy._made and not read             # nothing read or made until asked for
    assert lazy[1].title == "T1" and lazy[-1].title == "T4" and len(lazy._made) == 2 and read == [0, 2]
    assert [p.title for p in lazy[1:4]] == ["T1", "T2", "T3"] and [p.title for p in lazy[::-2]] == ["T4", "T2", "T0"]
    assert [p.title for p in lazy] == [p.title for p in posts] and len(lazy) == 5 and read == [0, 2, 1]
    assert [p.title for p in reversed(lazy)] == ["T4", "T3", "T2", "T1", "T0"]
    assert lazy == tuple(posts) and lazy[2] in lazy and lazy.index(lazy[3]) == 3 and lazy.count(lazy[0]) == 1
    assert list(lazy + (1,))[-1] == 1 and tuple(lazy) == tuple(posts) and sorted(lazy, key=lambda p: p.title)[0].title == "T0"
    with pytest.raises(IndexError):
        lazy[5]
    other = lazy.with_items({2: dataclasses.replace(posts[2], title="new")})
    assert other[2].title == "new" and lazy[2].title == "T2" and other[3].title == "T3"
    assert other.row(2) == lazy.row(2) and other.keys == lazy.keys == [p.source for p in posts]
    assert set(other.new) == {2} and not lazy.new       # (what an edit's patch writes)
    again = pickle.loads(pickle.dumps(lazy))
    assert type(again) is tuple and [p.title for p in again] == [p.title for p in posts]
