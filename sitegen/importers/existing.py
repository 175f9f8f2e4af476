"""What a site already holds, so that an import into it takes no address or file name it uses.

Reads the front matter of `content/posts/**` and `content/pages/**`: each file's title, the
post slugs, and every address the site serves (posts, pages, their aliases). A file with the
same title at the very path an entry would get is taken to be that entry imported before: the
writer then compares its bytes (unchanged, or a conflict that stops the import).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import SitegenError
from sitegen.importers import dates, sourcefm


@dataclass
class Existing:
    titles: dict[str, str] = field(default_factory=dict)            # content-relative path -> title
    post_slugs: dict[str, set[str]] = field(default_factory=dict)   # slug -> content-relative paths
    addresses: dict[str, str] = field(default_factory=dict)         # address key -> content-relative path

    def slug_taken(self, slug: str, path: str, title: str) -> bool:
        """Whether another file of the site has this post slug (the same post imported before does not count)."""
        others = self.post_slugs.get(slug, set()) - {path}
        return bool(others) or (path in self.titles and self.titles[path] != title)

    def path_taken(self, path: str, title: str) -> bool:
        return path in self.titles and self.titles[path] != title


def key(address: str) -> str:
    """An address in a form where /a/b, /a/b/ and /a/b/index.html are the same."""
    from urllib.parse import unquote
    path = unquote(address.split("#", 1)[0].split("?", 1)[0])
    path = "/" + path.lstrip("/")
    path = path.removesuffix("index.html").removesuffix("index.htm").rstrip("/")
    return path or "/"


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _is_language(code: str) -> bool:
    from sitegen.importers.languages import bcp47
    return bcp47(code) == code


def scan(site_dir: Path, config: Config) -> Existing:
    found = Existing()
    content = site_dir / "content"
    for kind in ("posts", "pages"):
        folder = content / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md")):
            rel = path.relative_to(content).as_posix()
            try:
                meta = sourcefm.read(path.read_bytes(), rel).meta
            except (SitegenError, OSError):
                meta = {}
            found.titles[rel] = str(meta.get("title") or "")
            slug = str(meta.get("slug") or "").strip() or urls.slugify(path.stem)
            if kind == "posts":
                found.post_slugs.setdefault(slug, set()).add(rel)
                name, dot, lang = path.stem.rpartition(".")
                if dot and name and _is_language(lang):      # xiaomi.de.md: the slug of a translation, by language
                    own = str(meta.get("slug") or "").strip() or urls.slugify(name)
                    found.post_slugs.setdefault(f"{own}.{lang}", set()).add(rel)
                when = dates.parse(meta.get("date"), config.tz)
                if when is not None:
                    try:
                        found.addresses[key(urls.post_url(config.permalink, slug, when.year, when.month, when.day))] = rel
                    except SitegenError:
                        pass
            else:
                parts = path.relative_to(folder).with_suffix("").parts
                parts = parts[:-1] if parts[-1] == "index" else (*parts[:-1], slug)
                found.addresses[key("/" + "/".join(parts) + "/")] = rel
            for alias in _list(meta.get("aliases")):
                found.addresses[key(alias)] = rel
    return found
