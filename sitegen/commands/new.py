"""`sitegen new`: write a post with front matter, never overwriting a file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sitegen.config import load_config
from sitegen.errors import UsageError
from sitegen.urls import slugify


def new_post(site_dir: Path, title: str, *, author: str | None = None, tags: list[str] | None = None,
             draft: bool = False, now: datetime | None = None) -> Path:
    config = load_config(site_dir)
    slug = slugify(title)
    if not slug:
        raise UsageError(f"the title '{title}' has no letters or digits to make a file name from",
                         hint="give a title with words in it")
    when = (now or datetime.now(UTC)).astimezone(config.tz).replace(microsecond=0)
    folder = site_dir / "content" / "posts" / f"{when.year:04d}"
    path = folder / f"{slug}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; sitegen never overwrites a file",
                         hint="choose another title, or edit that file")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {when.isoformat()}"]
    if author:
        lines.append(f"author: {json.dumps(author, ensure_ascii=False)}")
    if tags:
        lines.append("tags: [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]")
    if draft:
        lines.append("draft: true")
    lines += ["---", "", "Write the first paragraph here. It becomes the summary.", ""]
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:      # "x": fail rather than overwrite
        f.write("\n".join(lines))
    return path
