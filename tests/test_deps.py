"""What a page read is recorded whichever renderer rendered it."""

from __future__ import annotations

import gc

from jinja2 import DictLoader, Environment

from sitegen.pipeline.edit.deps import Reads, record_templates


class _Owner:
    def __init__(self) -> None:
        self.reads: Reads | None = None


def _env() -> Environment:
    return Environment(loader=DictLoader({"page.html": "{% include 'part.html' %}", "part.html": "x"}))


def test_every_renderer_on_an_environment_records_its_template_lookups() -> None:
    env = _env()
    first, second = _Owner(), _Owner()
    record_templates(env, first)
    record_templates(env, second)           # a second renderer on the same environment
    for owner in (second, first):
        owner.reads = Reads()
        env.get_template("page.html").render()
        got = {name for (kind, name) in owner.reads.items if kind == "template"}
        owner.reads = None
        assert got == {"page.html", "part.html"}


def test_a_dropped_renderer_is_forgotten() -> None:
    env = _env()
    owner = _Owner()
    record_templates(env, owner)
    del owner
    gc.collect()
    assert len(env.__dict__["_sitegen_owners"]) == 0
    env.get_template("page.html").render()          # and looking up still works
