"""Two tag names of one language that make one slug from different scripts are an error at each
use (translations.check_tags). It works out each distinct name's slug and scripts once: the
errors must be those of working them out at every use, on names that collide, repeat, and
differ only by language."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from sitegen import urls
from sitegen.errors import Collector
from sitegen.pipeline.site import translations

NAMES = ["EV", "ＥＶ", "ev", "Ⅳ", "IV", "iv", "Batteries", "batteries", "Bätteries", "Ｂatteries", "数据", "データ",
         "naïve", "nai\u0308ve", "Ωmega", "omega", "x", "X", "ｘ"]


def _reference(drafts: list[Any]) -> list[str]:
    """check_tags as it was: slug and scripts made at every use."""
    seen: dict[tuple[str, str], tuple[str, frozenset[str], Any]] = {}
    out = []
    for d in drafts:
        for name in d.tag_names:
            key = (d.lang, urls.slugify(name))
            scripts = translations._scripts(name)
            first = seen.setdefault(key, (name, scripts, d))
            if first[1] != scripts:
                out.append(f"{first[0]}|{first[2].source}|{name}|{d.source}|{key[1]}")
    return out


def test_tag_script_errors_are_those_of_checking_every_use() -> None:
    rng = random.Random(3)
    total = 0
    for _ in range(30):
        drafts = [SimpleNamespace(source=f"content/posts/p{i}.md", tags_line=i % 4, lang=rng.choice(["en", "fr"]),
                                  tag_names=tuple(rng.sample(NAMES, rng.randint(0, 4)))) for i in range(25)]
        problems = Collector()
        translations.check_tags(None, drafts, problems)       # type: ignore[arg-type]
        expected = _reference(drafts)
        total += len(expected)
        assert len(problems.problems) == len(expected)
        for problem, want in zip(problems.problems, expected):
            first, first_file, name, file, slug = want.split("|")
            assert problem.file == file
            for part in (f"'{first}' ({first_file}:", f"'{name}' ({file}:", f"slug '{slug}'"):
                assert part in problem.message
    assert total > 30       # (the names do collide, often)
