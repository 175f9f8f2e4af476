"""`sitegen init DIR`: a new site that builds at once, with a deploy workflow.

It writes only into a new or empty folder, and never over a file: a folder that holds anything
is refused before a byte is written. Every value given on the command line is checked first
(the config it makes goes through the config schema), so a bad `--base-url` writes nothing.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sitegen.commands import init_files as files
from sitegen.commands import install_source
from sitegen.config import validate
from sitegen.errors import SitegenError, UsageError
from sitegen.urls import slugify

DEFAULT_TITLE = "My Blog"
DEFAULT_BASE_URL = "https://example.com/"


@dataclass(frozen=True)
class NewSite:
    root: Path
    written: tuple[str, ...]         # paths relative to root, in the order written
    first_post: str                  # the first post's file, relative to root


def plan(title: str = DEFAULT_TITLE, author: str | None = None, base_url: str = DEFAULT_BASE_URL,
         now: datetime | None = None, *, install: str | None = None) -> dict[str, str]:
    """The files of a new site (relative path -> text), checked, nothing written."""
    if not title.strip():
        raise UsageError("the title is empty", hint='give one, e.g. --title "Notes on Cars"')
    config = files.CONFIG.format(title=_quote(title.strip()), base_url=_quote(base_url))
    try:
        validate(tomllib.loads(config), config)
    except SitegenError as err:
        hint = "for example: --base-url https://example.com/blog/" if "base_url" in err.first.message else err.first.hint
        raise UsageError(err.first.message.replace("base_url", "--base-url"), hint=hint) from None
    when = (now or datetime.now(UTC)).astimezone(UTC)
    post_path = f"content/posts/{when.year:04d}/hello-world.md"
    author_line, out = "", {"sitegen.toml": config}
    if author is not None:
        if not author.strip():
            raise UsageError("the author's name is empty", hint='give one, e.g. --author "Ada Lovelace"')
        author_id = slugify(author) or "author"
        author_line = files.AUTHOR_LINE.format(author_id=author_id)
        out["content/authors.yaml"] = files.AUTHORS.format(author_id=author_id, name=_quote(author.strip()))
    out[post_path] = files.POST.format(date=when.date().isoformat(), author=author_line, post_path=post_path,
                                       summary=_quote(f"The first post of {title.strip()}."))
    out["content/pages/about.md"] = files.ABOUT.format(summary=_quote(f"What {title.strip()} is about and who writes it."))
    out[".gitignore"] = files.GITIGNORE
    spec = install or install_source.install_spec()
    check = "" if spec else (f'if [ "$SITEGEN" = "{install_source.PLACEHOLDER}" ]; then echo "::error::set SITEGEN in '
                             '.github/workflows/deploy.yml to the repository and commit sitegen is installed from"; '
                             'exit 1; fi\n          ')
    spec = spec or install_source.PLACEHOLDER
    out[".github/workflows/deploy.yml"] = files.WORKFLOW.format(install=json.dumps(spec), check=check)
    out["DEPLOY.md"] = files.DEPLOY.format(install=spec)
    return out


def init_site(root: Path, title: str = DEFAULT_TITLE, author: str | None = None,
              base_url: str = DEFAULT_BASE_URL, now: datetime | None = None, *, install: str | None = None) -> NewSite:
    """Write a new site into `root` (created when missing; refused when it holds anything)."""
    todo = plan(title, author, base_url, now, install=install)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder", hint="give the path of a new or empty folder")
    if root.is_dir() and any(root.iterdir()):
        raise UsageError(f"{root} is not empty; sitegen init writes only into a new or empty folder, "
                         "so it never overwrites a file", hint="give a new folder, e.g. sitegen init my-blog")
    made = [p for p in (root, *root.parents) if not p.exists()]     # the folders this run creates
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for rel, text in todo.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as f:    # "x": fail rather than overwrite
                f.write(text)
            written.append(path)
    except BaseException:
        _take_back(root, written, made)
        raise
    post = next(rel for rel in todo if rel.startswith("content/posts/"))
    return NewSite(root, tuple(todo), post)


def _take_back(root: Path, written: list[Path], made: list[Path]) -> None:
    """A write failed halfway: remove what this run wrote (only that), and the folders it left
    empty, so the folder is as it was."""
    for path in reversed(written):
        path.unlink(missing_ok=True)
    folders = sorted({p for w in written for p in w.relative_to(root).parents if p != Path(".")},
                     key=lambda p: len(p.parts), reverse=True)
    for rel in folders:
        try:
            (root / rel).rmdir()
        except OSError:
            pass                    # not empty: something else is in it now, leave it
    for folder in made:             # the site's folder, then the missing folders above it
        try:
            folder.rmdir()
        except OSError:
            break


def _quote(text: str) -> str:
    """A double-quoted string that TOML and YAML both read back as `text`."""
    return json.dumps(text, ensure_ascii=False)
