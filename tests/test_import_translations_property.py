"""Property: however a multilingual Hugo source names and keys its translations, the import pairs
exactly the texts Hugo pairs, and nothing else.

Hypothesis writes small Hugo sites in three languages (file-name suffixes and a `contentDir`),
with slugs and translationKeys drawn from small pools so that names collide, keys repeat and
translations are named differently. Read back (with PyYAML, not with sitegen), the written files
must hold: one file per language and key; the texts Hugo links share a key (derived from the
file name, or the same `translation_key:` in each), texts it does not link never do; slugs are
unique in each language. Derandomized like test_fuzz.py (SITEGEN_FUZZ_RANDOM=1 explores)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import front, run_import

PROPERTY = settings(derandomize=os.environ.get("SITEGEN_FUZZ_RANDOM") != "1", database=None,
                    max_examples=int(os.environ.get("SITEGEN_IMPORT_EXAMPLES", "25")), deadline=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)
LANGS = ("en", "de", "zh-cn")
TAGS = {"en": "en", "de": "de", "zh-cn": "zh-cn"}

texts = st.lists(st.fixed_dictionaries({
    "lang": st.sampled_from(LANGS),
    "where": st.sampled_from(["suffix", "dir"]),          # post.de.md in content/, or content/de/posts/post.md
    "name": st.sampled_from(["range", "winter", "heat-pump", "range-2"]),
    "slug": st.sampled_from([None, "range", "cold"]),
    "key": st.sampled_from([None, None, "k1", "k2"]),
    "day": st.integers(1, 28),
    "year": st.sampled_from([2023, 2024]),
}), min_size=1, max_size=8)


def _write(root: Path, given: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """The Hugo site; title -> (language, Hugo's translation key) of each file written."""
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "de" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "T"\ndefaultContentLanguage = "en"\n[languages.en]\nweight = 1\n'
                                    '[languages.de]\nweight = 2\ncontentDir = "content/de"\n[languages.zh-cn]\n'
                                    'weight = 3\n', "utf-8")
    out: dict[str, tuple[str, str]] = {}
    for n, t in enumerate(given):
        lang = t["lang"]
        in_dir = lang == "de" and t["where"] == "dir"
        folder = root / "content" / ("de/posts" if in_dir else "posts")
        name = f"{t['name']}.md" if lang == "en" or in_dir else f"{t['name']}.{lang}.md"
        if (folder / name).exists() or (lang == "de" and ((root / "content/de/posts" / f"{t['name']}.md").exists()
                                                           or (root / "content/posts" / f"{t['name']}.de.md").exists())):
            continue                       # Hugo would see one file there: the source holds one
        meta = [f'title = "T{n}"', f"date = {t['year']}-01-{t['day']:02d}"]
        if t["slug"]:
            meta.append(f'slug = "{t["slug"]}"')
        if t["key"]:
            meta.append(f'translationKey = "{t["key"]}"')
        (folder / name).write_text("+++\n" + "\n".join(meta) + "\n+++\n\nText.\n", "utf-8")
        out[f"T{n}"] = (TAGS[lang], t["key"] or f"posts/{t['name']}")
    return out


@PROPERTY
@given(given=texts)
def test_the_import_pairs_what_hugo_pairs(given: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        written_src = _write(Path(tmp) / "src", given)
        site = Path(tmp) / "site"
        run_import("hugo", Path(tmp) / "src", site)
        files = sorted((site / "content" / "posts").rglob("*.md"))
        seen: dict[str, tuple[str, str]] = {}       # title -> (language, effective key)
        slugs: set[tuple[str, str]] = set()
        for path in files:
            meta, _ = front(path)
            stem, _, lang = path.stem.rpartition(".") if path.stem.count(".") else (path.stem, "", "en")
            derived = path.relative_to(site / "content").parent.as_posix() + "/" + stem
            seen[meta["title"]] = (lang, meta.get("translation_key", derived))
            slug = (lang, str(meta.get("slug") or stem))
            assert slug not in slugs, f"two {lang} posts with the slug {slug[1]}"
            slugs.add(slug)
        assert set(seen) == set(written_src)
        by_key: dict[str, list[str]] = {}
        for lang, key in seen.values():
            by_key.setdefault(key, []).append(lang)
        assert all(len(langs) == len(set(langs)) for langs in by_key.values()), by_key
        hugo_groups: dict[str, list[str]] = {}
        for title, (_lang, key) in written_src.items():
            hugo_groups.setdefault(key, []).append(title)
        for key, titles in hugo_groups.items():
            langs = [written_src[t][0] for t in titles]
            if len(langs) == len(set(langs)):        # no two texts of one language under this key
                assert len({seen[t][1] for t in titles}) == 1, (key, {t: seen[t] for t in titles})
        for a in seen:                               # texts Hugo does not link are never linked
            for b in seen:
                if written_src[a][1] != written_src[b][1]:
                    assert seen[a][1] != seen[b][1], (a, b, seen[a], seen[b])
