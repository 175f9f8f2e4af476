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


@dataclass
class Site:
    root: Path
    now: datetime = START
    serial: int = 0
    posts: list[str] = field(default_factory=list)         # content-relative paths
    meta: dict[str, dict[str, str]] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)

    def write_post(self, rel: str) -> str:
        m = self.meta[rel]
        head = "".join(f"{k}: {v}\n" for k, v in m.items())
        (self.root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / "content" / rel).write_text(f"---\n{head}---\n\n{self.bodies[rel]}\n", "utf-8")
        return f"content/{rel}"


def make(root: Path, n: int = 10) -> Site:
    site = Site(root)
    (root / "content").mkdir(parents=True)
    (root / "sitegen.toml").write_text('title = "Edits"\nbase_url = "https://example.com/"\nposts_per_page = 3\n', "utf-8")
    _authors(root, "Writes about cells.")
    (root / "data").mkdir()
    (root / "data" / "numbers.yaml").write_text("a: 1\n", "utf-8")
    (root / "content" / "img").mkdir()
    (root / "content" / "img" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    for _ in range(n):
        _new_post(site, 0, 0)
    return site


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
        return [f"content/{rel}"]
    elif kind == "rename":
        site.serial += 1
        new = f"posts/r{site.serial}.md"
        (root / "content" / rel).rename(root / "content" / new)
        site.posts[site.posts.index(rel)] = new
        site.meta[new], site.bodies[new] = site.meta.pop(rel), site.bodies.pop(rel)
        return [f"content/{rel}", f"content/{new}"]
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
            f'title = "Edits {b % 3}"\nbase_url = "https://example.com/"\nposts_per_page = {per}\n', "utf-8")
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


def sequence(number: int, length: int = 200) -> list[tuple[str, int, int]]:
    """A sequence of edits drawn from a seeded generator: (kind, a, b)."""
    rng = random.Random(number)
    return [(rng.choice(KINDS), rng.randrange(64), rng.randrange(64)) for _ in range(length)]


# Drawn from a number, not as a list of tuples: Hypothesis tries the simplest example first, and
# with one example per test that was 200 body edits of the same post (all zeros), so no
# structural edit was ever tested. Every number gives a sequence with every kind of edit in it.
def edits(salt: int) -> st.SearchStrategy[list[tuple[str, int, int]]]:
    """Sequences of 200 edits; `salt` gives each test sequences of its own."""
    return st.integers(0, 2**32 - 1).map(lambda n: sequence(n * 7919 + salt))
