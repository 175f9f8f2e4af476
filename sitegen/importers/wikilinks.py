"""Obsidian's wikilinks, as vaults published with Obsidian Publish or Quartz write them:
`[[Note]]`, `[[Note|shown text]]`, `[[Note#Heading]]`, `[[folder/Note]]` and embedded files,
`![[photo.png]]` and `![[photo.png|300]]`. Obsidian finds a name anywhere in the vault, so a
link becomes a Markdown link to that file, relative to the post (the import then follows it as
any other link: a note becomes a link to its imported post, an image is copied beside it). A
name no file has, a name two files share, and an embedded note (its text shown inside another)
are left as written and reported with their line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from sitegen.importers import links
from sitegen.urls import slugify

_WIKI = re.compile(r"(!?)\[\[([^\[\]\n|#^]+)((?:#|\^)[^\[\]\n|]*)?(?:\|([^\[\]\n]*))?\]\]")
_NOTE_SUFFIXES = (".md", ".markdown", ".mdx")
_SKIP = {"node_modules", ".obsidian", ".git", ".trash"}

Report = Callable[[int, str], None]


class Vault:
    """The files of an import's folder by name, as Obsidian looks them up."""

    def __init__(self, root: Path):
        self.root = root
        self.by_name: dict[str, list[Path]] = {}
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).parts
            if not path.is_file() or any(p in _SKIP or p.startswith(".") for p in rel):
                continue
            names = {path.name.lower(), "/".join(rel).lower()}
            if path.suffix.lower() in _NOTE_SUFFIXES:
                names |= {path.stem.lower(), "/".join(rel)[: -len(path.suffix)].lower()}
            for name in names:
                self.by_name.setdefault(name, []).append(path)

    def find(self, name: str) -> list[Path]:
        return self.by_name.get(name.strip().strip("/").lower(), [])


def convert(body: str, here: Path, vault: Vault, report: Report) -> str:
    """The body with each wikilink that names one file written as a Markdown link or image."""
    if "[[" not in body:
        return body
    parts = []
    for is_code, text, first in links.segments(body):
        parts.append(text if is_code else "\n".join(_line(line, first + i, here, vault, report)
                                                     for i, line in enumerate(text.split("\n"))))
    return "\n".join(parts)


def _line(line: str, number: int, here: Path, vault: Vault, report: Report) -> str:
    if "[[" not in line:
        return line

    def one(m: re.Match[str]) -> str:
        if line[:m.start()].count("`") % 2:
            return m.group(0)               # inside inline code
        embed, name, anchor, shown = m.group(1), m.group(2).strip(), m.group(3) or "", m.group(4)
        found = vault.find(name)
        if len(found) != 1:
            why = "names no file in the folder" if not found else f"names {len(found)} files ({_names(found, vault)})"
            report(number, f"the wikilink {m.group(0)} {why}: left as text")
            return m.group(0)
        target = found[0]
        address = os.path.relpath(target, here.parent).replace(os.sep, "/")
        note = target.suffix.lower() in _NOTE_SUFFIXES
        if embed and note:
            report(number, f"the embedded note {m.group(0)} is not converted (sitegen does not show one post inside "
                           "another): left as text")
            return m.group(0)
        if anchor.startswith("#") and note:
            address += "#" + (slugify(anchor[1:].split("#")[-1]) or "section")
        if embed:
            alt = target.stem.replace("-", " ").replace("_", " ")
            return f"![{_text(alt)}](<{address}>)"
        words = shown if shown and shown.strip() else name.rsplit("/", 1)[-1] + anchor.replace("#", " > ")
        return f"[{_text(words.strip())}](<{address}>)"

    return _WIKI.sub(one, line)


def _text(words: str) -> str:
    return words.replace("[", "\\[").replace("]", "\\]")


def _names(paths: list[Path], vault: Vault) -> str:
    return ", ".join(p.relative_to(vault.root).as_posix() for p in paths)
