"""What the e2e tests need to know about a built HTML page, read with the stdlib's html.parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# attributes that hold a URL the browser fetches or navigates to
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"), "script": ("src",),
    "source": ("src", "srcset"), "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "embed": ("src",), "object": ("data",), "form": ("action",), "use": ("href",),
}


@dataclass
class Link:
    tag: str
    attr: str
    value: str
    line: int
    rel: str = ""


@dataclass
class Page:
    path: Path
    rel: str                                    # path inside the output folder, e.g. posts/x/index.html
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    mains: int = 0
    main_ids: list[str] = field(default_factory=list)
    html_lang: str | None = None
    imgs_without_alt: list[int] = field(default_factory=list)   # lines
    first_link: Link | None = None
    canonical: list[str] = field(default_factory=list)
    title: str = ""
    refresh: str | None = None                  # the target of a <meta http-equiv="refresh">
    robots: str = ""

    @property
    def is_redirect(self) -> bool:
        return self.refresh is not None

    def links_where(self, tag: str | None = None, rel: str | None = None) -> list[Link]:
        return [ln for ln in self.links if (tag is None or ln.tag == tag) and (rel is None or rel in ln.rel.split())]


class _Scanner(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._h1_depth = 0
        self._h1_text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        line = self.getpos()[0]
        p = self.page
        for key in ("id", "name") if tag in ("a",) else ("id",):
            if key in a:
                if a[key] in p.ids and key == "id":
                    p.duplicate_ids.append(a[key])
                p.ids.add(a[key])
        if tag == "html":
            p.html_lang = a.get("lang")
        elif tag == "main":
            p.mains += 1
            if "id" in a:
                p.main_ids.append(a["id"])
        elif tag == "h1":
            self._h1_depth += 1
            self._h1_text = []
        elif tag == "img" and "alt" not in a:
            p.imgs_without_alt.append(line)
        elif tag == "title":
            self._in_title = True
        if tag == "link" and "canonical" in a.get("rel", "").split():
            p.canonical.append(a.get("href", ""))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            # "0; url=TARGET": the browser goes there, so it is checked like a link
            p.refresh = a.get("content", "").split("url=", 1)[-1].strip()
            p.links.append(Link("meta", "http-equiv=refresh", p.refresh, line))
        if tag == "meta" and a.get("name") == "robots":
            p.robots = a.get("content", "")
        for attr in URL_ATTRS.get(tag, ()):
            if attr in a:
                values = [a[attr]]
                if attr == "srcset":
                    values = [part.strip().split()[0] for part in a[attr].split(",") if part.strip()]
                for v in values:
                    link = Link(tag, attr, v, line, a.get("rel", ""))
                    p.links.append(link)
                    if tag == "a" and p.first_link is None:
                        p.first_link = link

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._h1_depth:
            self._h1_depth -= 1
            self.page.h1.append(" ".join("".join(self._h1_text).split()))
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._h1_depth:
            self._h1_text.append(data)
        if self._in_title:
            self.page.title += data


def scan(path: Path, root: Path) -> Page:
    page = Page(path=path, rel=path.relative_to(root).as_posix())
    scanner = _Scanner(page)
    scanner.feed(path.read_text("utf-8"))
    scanner.close()
    return page


_CACHE: dict[Path, dict[str, Page]] = {}


def scan_site(out: Path) -> dict[str, Page]:
    """Every HTML page of a built site by its output-relative path (read once per session)."""
    if out not in _CACHE:
        _CACHE[out] = {p.relative_to(out).as_posix(): scan(p, out) for p in sorted(out.rglob("*.html"))}
    return _CACHE[out]
