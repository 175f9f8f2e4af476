"""The report an import ends with: what was imported, what was skipped, what could not be converted."""

from __future__ import annotations

import re

from sitegen.errors import Problem
from sitegen.importers.model import Source
from sitegen.importers.writer import Plan


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _block(title: str, problems: list[Problem]) -> list[str]:
    if not problems:
        return []
    lines = [f"{title} ({len(problems)}):"]
    for p in problems:
        lines.append("  " + str(p).replace("\n", "\n  "))
    return lines


_SPECIFIC = re.compile(r"'[^']*'|\"[^\"]*\"|\{\{[<%].*?[>%]\}\}|\((?!s\))[^)]*\)|[^\s(]*[/.][^\s(]*")


def kind_of(message: str) -> str:
    """What a notice is about, without its particulars (addresses, names, counts): notices of one kind
    are listed together."""
    head = message.split(": ", 1)[0]
    return " ".join(re.sub(r"\b\d+\b", "N", _SPECIFIC.sub("…", head)).split())


def _grouped(title: str, problems: list[Problem]) -> list[str]:
    """Notices by kind (the most frequent first), each kind with its count, each notice with its line."""
    if not problems:
        return []
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(kind_of(p.message), []).append(p)
    lines = [f"{title} ({len(problems)}):"]
    for kind, items in sorted(groups.items(), key=lambda g: -len(g[1])):
        if len(groups) > 1:
            lines.append(f"  {kind} ({len(items)}):")
        for p in sorted(items, key=lambda p: (p.file or "", p.line or 0)):
            lines.append(("    " if len(groups) > 1 else "  ") + str(p).replace("\n", "\n    "))
    return lines


def render(kind: str, src: str, source: Source, plan: Plan, dry_run: bool) -> str:
    drafts = f" ({plan.drafts} draft{'s' if plan.drafts != 1 else ''})" if plan.drafts else ""
    lines = [f"Imported from {kind} {src}{' (dry run: nothing written)' if dry_run else ''}:",
             f"  {_plural(plan.posts, 'post')}{drafts}, {_plural(plan.pages, 'page')}, "
             f"{_plural(len(plan.authors), 'author')}, {_plural(len(plan.tags), 'tag')}, "
             f"{_plural(source.images, 'image')}"]
    if not dry_run:
        lines.append(f"  {_plural(len(plan.written), 'file')} written, {len(plan.unchanged)} already there unchanged")
    else:
        lines.append(f"  {_plural(len(plan.files), 'file')} would be written")
    if plan.languages is not None:
        from sitegen.importers.languages import report_lines
        lines += report_lines(plan.languages)
    lines += _block("Not imported on purpose (not public on the old site)", source.skipped)
    lines += _grouped("Could not be converted, check these", source.warnings + plan.warnings)
    return "\n".join(lines)
