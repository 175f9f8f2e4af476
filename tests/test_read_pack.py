"""Workers send each post's draft to the parent as marshal bytes (load.pack) instead of a
pickled dataclass: what the parent reads back must be the very draft, field by field and
type by type, and a draft marshal cannot carry must travel as itself."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from conftest import post, write_site

from sitegen.config import load_config
from sitegen.pipeline.context import BuildContext, Options
from sitegen.pipeline.read import content, load

TOML = 'title = "T"\nbase_url = "https://example.com/"\ntimezone = "{tz}"\n'


def same(a: content.PostDraft, b: content.PostDraft) -> None:
    assert a == b
    for f in fields(content.PostDraft):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert type(x) is type(y), f.name
        if f.name in ("date", "updated") and x is not None:
            assert (x.tzinfo is y.tzinfo, x.fold, x.utcoffset()) == (True, y.fold, y.utcoffset())


POSTS = {
    "plain": post("Plain", tags="[a, b]", summary="Sum"),
    "updated": post("Up", date="2026-03-01 10:00", updated="2026-03-02 11:30:15"),
    "fold": post("Fold", date="2026-10-25T01:30:00+00:00"),     # Berlin's second 02:30 that night (fold=1)
    "draft": post("Draft", draft="true", toc="true", slug="elsewhere", feed_id="urn:x"),
    "extra": post("Extra", rating="5"),
    "sources": post("Src", sources="[Report one]"),
    "aliases": post("Al", aliases="[/old/]"),
    "numbers": post("1234", tags="[2026, 1.5, yes]"),
}


@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin"])
@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_packed_draft_reads_back_as_the_same_draft(tmp_path: Path, name: str, tz: str) -> None:
    site = write_site(tmp_path / "site", {"sitegen.toml": TOML.format(tz=tz), f"content/posts/{name}.md": POSTS[name]})
    config = load_config(site, {})
    draft = content.read_post(site, f"posts/{name}.md", config, body=False)
    if name == "fold":
        assert draft.date.fold == (tz == "Europe/Berlin")
    packed = load.pack(draft, config.tz)
    assert isinstance(packed, bytes) == (name not in ("extra", "sources", "aliases"))
    same(load.unpack(packed, config.tz), draft)


def test_a_date_in_another_zone_travels_as_itself(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"sitegen.toml": TOML.format(tz="UTC"), "content/posts/a.md": post()})
    config = load_config(site, {})
    draft = content.read_post(site, "posts/a.md", config, body=False)
    berlin = load_config(write_site(tmp_path / "b", {"sitegen.toml": TOML.format(tz="Europe/Berlin")}), {}).tz
    assert load.pack(draft, berlin) is draft


def test_drafts_parsed_in_the_pool_are_those_parsed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files: dict[str, str | bytes] = {"sitegen.toml": TOML.format(tz="Europe/Berlin")}
    for i, (name, text) in enumerate(sorted(POSTS.items()) * 3):
        files[f"content/posts/{name}-{i}.md"] = text
    site = write_site(tmp_path / "site", files)
    monkeypatch.setattr(load, "PARSE_IN_POOL", 1)
    found = []
    for workers in (1, 2):
        ctx = BuildContext.start(Options(site_dir=site, workers=workers, use_cache=False))
        found.append(load.read_drafts(ctx, content.discover(site / "content")))
        assert not ctx.problems.problems
    assert len(found[0]) == len(found[1]) == 24
    for a, b in zip(*found):
        same(a, b)
