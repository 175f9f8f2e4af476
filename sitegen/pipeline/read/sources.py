"""The symbolic-link rule for what a build reads, and the one walk that lists source files.

One rule for linked files and linked folders alike, checked before anything is read: a link
under content/, data/, static/, templates/ or the theme is followed when it resolves inside
the site folder (inside the theme's own folder, for a theme that lives outside the site such
as the built-in one). A link that resolves outside, that points to nothing, or that leads back
into a folder containing it is an error naming the link; every such link of a site is
reported in one run, and nothing is written. So a file from outside the site is never
published (Jekyll's CVE-2018-17567 was a link that reached out of the site).

Hidden names (starting with '.') are never read by a build, and are not checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sitegen.errors import Problem, SitegenError
from sitegen.pipeline.render.theme import Theme

SOURCE_DIRS = ("content", "data", "static", "templates")


def _inside(real: str, boundary: str) -> bool:
    return real == boundary or real.startswith(boundary.rstrip(os.sep) + os.sep)


def _problem(link: Path, shown: str, boundary_name: str, what: str) -> Problem:
    try:
        written = os.readlink(link)
    except OSError:
        written = "?"
    if what == "outside":
        return Problem(f"this symbolic link points outside the {boundary_name} (to {written})", shown, None,
                       f"copy what it points to into the {boundary_name}, or remove the link: sitegen never "
                       "reads or publishes files from outside it")
    if what == "nothing":
        return Problem(f"this symbolic link points to nothing (to {written})", shown, None,
                       "remove the link, or put back what it pointed to")
    return Problem(f"this symbolic link leads back into a folder that contains it (to {written})", shown, None,
                   "remove the link (it would make the folder endless)")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:      # bytes the file system gave that are not UTF-8 (kept as surrogates)
        return False
    return True


def _undecodable(shown: str) -> Problem:
    readable = shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return Problem("this file name is not UTF-8 text (its letters are in another encoding, as names from an old "
                   "archive, FTP or Windows copy often are)", readable, None,
                   "rename it; `convmv -r -f latin1 -t utf8 --notest FOLDER` renames every such name at once")


def _check_tree(top: Path, shown_top: str, boundary: str, boundary_name: str) -> list[Problem]:
    """Problems of every link at or under `top` (shown as `shown_top`)."""
    problems: list[Problem] = []
    if top.is_symlink():
        real = os.path.realpath(top)
        if not os.path.exists(real):
            return [_problem(top, shown_top, boundary_name, "nothing")]
        if not _inside(real, boundary):
            return [_problem(top, shown_top, boundary_name, "outside")]
    if not top.is_dir():
        return problems
    # each folder with the real paths of the folders above it on the way down: a link whose
    # target holds one of them would make the walk endless
    stack: list[tuple[Path, str, tuple[str, ...]]] = [(top, shown_top, (os.path.realpath(top),))]
    while stack:
        folder, shown, chain = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if not entry.name.isascii() and not _is_utf8(entry.name):
                problems.append(_undecodable(f"{shown}/{entry.name}"))
                continue
            if entry.is_symlink():
                path, rel = Path(entry.path), f"{shown}/{entry.name}"
                real = os.path.realpath(path)
                if not os.path.exists(real):
                    problems.append(_problem(path, rel, boundary_name, "nothing"))
                elif not _inside(real, boundary):
                    problems.append(_problem(path, rel, boundary_name, "outside"))
                elif os.path.isdir(real):
                    if any(_inside(above, real) for above in chain):
                        problems.append(_problem(path, rel, boundary_name, "loop"))
                    else:
                        stack.append((path, rel, (*chain, real)))
            elif entry.is_dir():       # (a Path only for folders and links: content/ holds 10k files)
                stack.append((Path(entry.path), f"{shown}/{entry.name}", (*chain, os.path.realpath(entry.path))))
    return problems


def check_links(site_dir: Path, theme: Theme) -> None:
    """Raise a SitegenError naming every symbolic link that breaks the rule (see above)."""
    site_real = os.path.realpath(site_dir)
    problems: list[Problem] = []
    for name in SOURCE_DIRS:
        problems += _check_tree(site_dir / name, name, site_real, "site folder")
    own_theme = os.path.abspath(theme.path).startswith(os.path.abspath(site_dir) + os.sep)
    if own_theme:
        shown = Path(os.path.relpath(theme.path, site_dir)).as_posix()
        problems += _check_tree(theme.path, shown, site_real, "site folder")
    else:
        theme_real = os.path.realpath(theme.path)
        shown = f"theme '{theme.name}' ({theme.path})"
        problems += _check_tree(theme.path, shown, theme_real, "theme's folder")
    if problems:
        raise SitegenError(problems=problems)


def walk(top: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to `top` with '/', path) of every file under `top`, in sorted order,
    following links to folders (check_links has made sure they stay inside the site)."""
    for root, dirs, files in os.walk(top, followlinks=True):
        dirs.sort()
        base = Path(root)
        rel_root = base.relative_to(top).as_posix()
        for name in sorted(files):
            yield (name if rel_root == "." else f"{rel_root}/{name}"), base / name
