"""Random edit sequences for the incremental-equals-clean tests (test_equivalence.py).

A small site whose posts, authors, templates, data and config are edited by `apply()`, one
edit at a time. Every edit keeps the site valid, says which files it touched (what the server's
watcher would report) and may move the clock (a future post coming due).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import strategies as st

START = datetime(2026, 6, 1, tzinfo=UTC)
WORDS = ["amber", "basalt", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper"]
TAGS = ["Batteries", "Charging", "Policy", "Markets", "Software"]
AUTHORS = ["ana", "bo", "cy"]
KINDS = ["body", "title", "date", "tags", "author", "add", "delete", "rename", "draft", "time", "template",
         "data", "config", "bio", "summary", "lead"]
# A site in two languages also adds, edits, moves and deletes German translations (posts/pN.de.md,
# or content/de/posts/pN.md), which take their original's date, author and tags.
LANGUAGE_KINDS = [*KINDS, "translate", "translate", "untranslate", "retitle_de", "tag_de", "move_de"]
LANGUAGES = '\n[languages.de]\ntitle = "Bearbeitungen"\n'


@dataclass
class Site:
    root: Path
    now: datetime = START
    serial: int = 0
    posts: list[str] = field(default_factory=list)         # content-relative paths
    meta: dict[str, dict[str, str]] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    languages: bool = False
    translations: dict[str, str] = field(default_factory=dict)     # original's rel -> its translation's rel

    def write_post(self, rel: str) -> str:
        m = self.meta[rel]
        head = "".join(f"{k}: {v}\n" for k, v in m.items())
        (self.root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / "content" / rel).write_text(f"---\n{head}---\n\n{self.bodies[rel]}\n", "utf-8")
        return f"content/{rel}"


def make(root: Path, n: int = 10, languages: bool = False) -> Site:
    site = Site(root, languages=languages)
    (root / "content").mkdir(parents=True)
    (root / "sitegen.toml").write_text('title = "Edits"\nbase_url = "https://example.com/"\nposts_per_page = 3\n'
                                       + (LANGUAGES if languages else ""), "utf-8")
    _authors(root, "Writes about cells.")
    (root / "data").mkdir()
    (root / "data" / "numbers.yaml").write_text("a: 1\n", "utf-8")
    (root / "content" / "img").mkdir()
    (root / "content" / "img" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    for _ in range(n):
        _new_post(site, 0, 0)
    if languages:
        for rel in site.posts[::3]:
            _translate(site, rel, 1)
    return site


def _translation_rel(rel: str, b: int) -> str:
    """Where a German translation of a post goes: beside it (p1.de.md) or in the de/ folder."""
    return rel[:-3] + ".de.md" if b % 2 else "de/" + rel


def _translate(site: Site, rel: str, b: int) -> list[str]:
    """Write (or rewrite) the German translation of a post: no date, author or tags of its own."""
    touched = []
    old = site.translations.get(rel)
    new = old or _translation_rel(rel, b)
    title = f"Beitrag {WORDS[b % len(WORDS)]} {rel[7:-3]}"
    site.meta[new] = {"title": f'"{title}"'}
    site.bodies[new] = f"Anfang {b}.\n\nText auf Deutsch.\n"
    site.translations[rel] = new
    touched.append(site.write_post(new))
    return touched


def _drop_translation(site: Site, rel: str) -> list[str]:
    found = site.translations.pop(rel, None)
    if found is None:
        return []
    (site.root / "content" / found).unlink()
    del site.meta[found], site.bodies[found]
    return [f"content/{found}"]


def _authors(root: Path, bio: str) -> None:
    (root / "content" / "authors.yaml").write_text(
        f"ana:\n  name: Ana\n  bio: {bio}\nbo:\n  name: Bo\ncy:\n  name: Cy\n  tagline: Numbers\n", "utf-8")


def _new_post(site: Site, a: int, b: int) -> str:
    site.serial += 1
    rel = f"posts/p{site.serial}.md"
    day = START - timedelta(days=(site.serial * 7 + a) % 90)
    site.meta[rel] = {"title": f"Post {site.serial} {WORDS[a % len(WORDS)]}", "date": day.strftime("%Y-%m-%d"),
                      "author": AUTHORS[b % 3], "tags": f"[{TAGS[a % 5]}, {TAGS[b % 5]}]"}
    site.bodies[rel] = f"Lead of {site.serial}.\n\n## Part\n\nText {WORDS[b % len(WORDS)]} ![x](../img/a.svg).\n"
    site.posts.append(rel)
    return site.write_post(rel)


def apply(site: Site, kind: str, a: int, b: int) -> list[str]:
    """Make one edit; returns the site-relative paths it touched."""
    root = site.root
    if not site.posts and kind not in ("add", "template", "data", "config", "bio", "time"):
        kind = "add"
    rel = site.posts[a % len(site.posts)] if site.posts else ""
    m = site.meta.get(rel, {})
    if kind == "body":
        site.bodies[rel] += f"\nMore {WORDS[b % len(WORDS)]} text.\n"
    elif kind == "lead":
        site.bodies[rel] = f"New lead {WORDS[b % len(WORDS)]}.\n\n" + site.bodies[rel]
    elif kind == "summary":
        if "summary" in m:
            del m["summary"]
        else:
            m["summary"] = f'"Summary {WORDS[b % len(WORDS)]}"'
    elif kind == "title":
        m["title"] = f"Post {WORDS[b % len(WORDS)]} {a}"
    elif kind == "date":
        m["date"] = (START + timedelta(days=(b % 40) - 30)).strftime("%Y-%m-%d")   # some in the future
    elif kind == "tags":
        m["tags"] = "[" + ", ".join(TAGS[i] for i in range(5) if (b >> i) & 1) + "]"
    elif kind == "author":
        m["author"] = AUTHORS[b % 3]
    elif kind == "draft":
        if m.get("draft") == "true":
            del m["draft"]
        else:
            m["draft"] = "true"
    elif kind == "add":
        return [_new_post(site, a, b)]
    elif kind == "delete":
        (root / "content" / rel).unlink()
        site.posts.remove(rel)
        return [f"content/{rel}", *_drop_translation(site, rel)]      # (a translation needs its original)
    elif kind == "rename":
        site.serial += 1
        new = f"posts/r{site.serial}.md"
        (root / "content" / rel).rename(root / "content" / new)
        site.posts[site.posts.index(rel)] = new
        site.meta[new], site.bodies[new] = site.meta.pop(rel), site.bodies.pop(rel)
        moved = []
        if rel in site.translations:        # the translation follows, to keep its key
            old_de = site.translations.pop(rel)
            new_de = _translation_rel(new, b)
            (root / "content" / new_de).parent.mkdir(parents=True, exist_ok=True)
            (root / "content" / old_de).rename(root / "content" / new_de)
            site.meta[new_de], site.bodies[new_de] = site.meta.pop(old_de), site.bodies.pop(old_de)
            site.translations[new] = new_de
            moved = [f"content/{old_de}", f"content/{new_de}"]
        return [f"content/{rel}", f"content/{new}", *moved]
    elif kind == "translate":
        return _translate(site, rel, b)
    elif kind == "untranslate":
        return _drop_translation(site, rel) or _translate(site, rel, b)
    elif kind in ("retitle_de", "tag_de", "move_de"):
        found = site.translations.get(rel)
        if found is None:
            return _translate(site, rel, b)
        if kind == "retitle_de":
            site.meta[found]["title"] = f'"Neu {WORDS[b % len(WORDS)]} {a}"'
        elif kind == "tag_de":          # its own tags, or back to its original's
            if "tags" in site.meta[found]:
                del site.meta[found]["tags"]
            else:
                site.meta[found]["tags"] = f"[Laden, {TAGS[b % 5]}]"
        else:                           # from beside the original to the de/ folder, or back
            new_de = "de/" + rel if not found.startswith("de/") else rel[:-3] + ".de.md"
            (root / "content" / new_de).parent.mkdir(parents=True, exist_ok=True)
            (root / "content" / found).rename(root / "content" / new_de)
            site.meta[new_de], site.bodies[new_de] = site.meta.pop(found), site.bodies.pop(found)
            site.translations[rel] = new_de
            return [f"content/{found}", f"content/{new_de}"]
        return [site.write_post(found)]
    elif kind == "time":
        site.now += timedelta(days=b % 12)
        return []
    elif kind == "template":
        return [_template(root, b)]
    elif kind == "data":
        (root / "data" / "numbers.yaml").write_text(f"a: {b}\n", "utf-8")
        return ["data/numbers.yaml"]
    elif kind == "config":
        per = 3 + b % 2
        (root / "sitegen.toml").write_text(
            f'title = "Edits {b % 3}"\nbase_url = "https://example.com/"\nposts_per_page = {per}\n'
            + (LANGUAGES if site.languages else ""), "utf-8")
        return ["sitegen.toml"]
    elif kind == "bio":
        _authors(root, f"Writes about {WORDS[b % len(WORDS)]}.")
        return ["content/authors.yaml"]
    return [site.write_post(rel)]


def _template(root: Path, b: int) -> str:
    folder = root / "templates"
    choice = b % 3
    if choice == 0:
        path = folder / "post.html"
        text = '{% extends "theme/post.html" %}{% block comments %}<p>note ' + str(b) + '</p>{% endblock %}'
    elif choice == 1:
        path = folder / "partials" / "entry.html"
        text = ('<li class="post-entry"><a href="{{ link(post.url) }}">{{ post.title }}</a> ' + str(b)
                + ' {{ summary(post) }}</li>\n')
    else:
        path = folder / "post.html"
        if path.exists():
            path.unlink()
        return "templates/post.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return str(path.relative_to(root))


def sequence(number: int, length: int = 200, kinds: list[str] = KINDS) -> list[tuple[str, int, int]]:
    """A sequence of edits drawn from a seeded generator: (kind, a, b)."""
    rng = random.Random(number)
    return [(rng.choice(kinds), rng.randrange(64), rng.randrange(64)) for _ in range(length)]


# Drawn from a number, not as a list of tuples: Hypothesis tries the simplest example first, and
# with one example per test that was 200 body edits of the same post (all zeros), so no
# structural edit was ever tested. Every number gives a sequence with every kind of edit in it.
def edits(salt: int, kinds: list[str] = KINDS, length: int = 200) -> st.SearchStrategy[list[tuple[str, int, int]]]:
    """Sequences of 200 edits; `salt` gives each test sequences of its own."""
    return st.integers(0, 2**32 - 1).map(lambda n: sequence(n * 7919 + salt, length, kinds))
