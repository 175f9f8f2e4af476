"""Split a post file into YAML front matter and Markdown body, with errors that name the line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import SitegenError

try:  # the C loader is several times faster when PyYAML was built with libyaml
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader


def plain_tree(root: yaml.Node) -> bool:
    """Whether no node of the document is reached twice (so it holds no alias) and no path
    from the root is more than safeyaml.MAX_DEPTH nodes long: then safeyaml.check, which
    counts what aliases repeat, has nothing to find. Nearly every front matter is such a tree,
    and this walk costs a fraction of the check's."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > safeyaml.MAX_DEPTH or id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((n, depth + 1) for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((n, depth + 1) for n in node.value)
    return True


class KeyTwice(yaml.MarkedYAMLError):
    """A front matter key given twice: YAML keeps the last one without a word, so a post's
    second 'title:' or 'tags:' line would silently win (Hugo refuses such a file too)."""

    def __init__(self, key: str, first_line: int, mark: Any):
        super().__init__(None, None, f"'{key}' is given twice", mark)
        self.key, self.first_line = key, first_line


def _no_key_twice(root: yaml.Node) -> None:
    """Raise KeyTwice for the first top-level key of the mapping `root` that comes again."""
    if not isinstance(root, yaml.MappingNode):
        return
    seen: dict[str, yaml.Node] = {}
    for key, _ in root.value:
        if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:str":
            first = seen.setdefault(key.value, key)
            if first is not key:
                raise KeyTwice(key.value, first.start_mark.line, key.start_mark)


class _Loader(safeyaml.Bounded, _Base):  # type: ignore[misc]  # _Base is the C loader or the Python one, chosen at import
    """Safe YAML, but dates stay text: sitegen parses them itself, with errors that name the line.
    Aliases and nesting are bounded (see safeyaml); a plain tree needs no count. A top-level key
    given twice is an error (KeyTwice)."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if not plain_tree(node):
            safeyaml.check(node)
        _no_key_twice(node)
        return self.construct_document(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def lf_text(text: str) -> str:
    """The text without a byte order mark, its line ends as LF: CRLF (Windows) and a lone CR
    (classic Mac OS, some old exports) end a line in YAML and in CommonMark alike."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    return text.replace("\r", "\n") if "\r" in text else text


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    body: str
    body_line: int                 # file line of the body's first line
    key_lines: dict[str, int]      # front matter key -> file line


def load_yaml(text: str, file: str, first_line: int = 1, what: str = "the front matter") -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        problem = exc.problem or "invalid YAML"
        if isinstance(exc, KeyTwice):
            raise SitegenError(f"{what} gives '{exc.key}' twice", file=file, line=line,
                               hint=f"keep one '{exc.key}:' line (the other is on line {first_line + exc.first_line})") from None
        hint = (safeyaml.HINT if isinstance(exc, safeyaml.LimitError) else
                "check indentation and quote values that contain ': ' or start with a special character")
        raise SitegenError(f"invalid YAML: {problem}", file=file, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"invalid YAML: {exc}", file=file, line=first_line) from None


# the line that closes the front matter: '---' or '...', then only blanks (what str.rstrip strips),
# found from the end of the first line on, so the file is never cut into all its lines
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*(?=\n|\Z)")


def _front(text: str) -> tuple[int, re.Match[str]] | None:
    """(where the first line ends, the closing line's match: it starts at its line break) of a
    text whose first line is '---'; None when no line after the first closes it."""
    first = text.find("\n")
    if first < 0:
        return None
    found = _CLOSING.search(text, first)
    return None if found is None else (first, found)


def _first_line(text: str) -> str:
    """The text's first line (without copying the rest of it, as split("\\n", 1) would)."""
    end = text.find("\n")
    return text if end < 0 else text[:end]


def _body(text: str, closing: re.Match[str]) -> str:
    """What follows the closing line (nothing when it is the last line)."""
    return text[closing.end() + 1:] if closing.end() < len(text) else ""


def split(data: bytes, file: str, body: bool = True) -> Document:
    """The front matter, read, and the Markdown after it. body=False: the Document's body is ""
    (a build that keeps only the front matter need not copy the rest of the file)."""
    if not data.strip():
        raise SitegenError("the file is empty", file=file, line=1,
                           hint="add front matter with at least a title and a date, or delete the file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SitegenError("the file is not valid UTF-8 text", file=file, line=line,
                           hint="save it with UTF-8 encoding") from None
    text = lf_text(text)
    first_line = _first_line(text)
    if first_line.rstrip() == "+++" or (first_line.startswith("{") and text.lstrip().startswith("{")):
        kind = "TOML (between '+++' lines)" if first_line.rstrip() == "+++" else "JSON"
        raise SitegenError(f"the front matter is {kind}, as Hugo writes it; sitegen reads YAML", file=file, line=1,
                           hint="import the posts with 'sitegen import hugo FOLDER' (it converts them), or write "
                                "the front matter as YAML between '---' lines: title: …, date: …")
    if first_line.rstrip() != "---":
        raise SitegenError("the file does not start with front matter", file=file, line=1,
                           hint="start the file with a line '---', then 'title: …' and 'date: …', then '---'")
    found = _front(text)
    if found is None:
        raise SitegenError("the front matter is not closed", file=file, line=1,
                           hint="end the front matter with a line '---'")
    first, closing = found
    front = text[first + 1:closing.start()]       # (empty when the closing line is the second)
    meta = load_yaml(front, file, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SitegenError(f"the front matter is a {type(meta).__name__}, not a mapping of keys to values",
                           file=file, line=2, hint="write it as 'key: value' lines, e.g. 'title: My post'")
    key_lines: dict[str, int] = {}
    front_lines = front.split("\n") if closing.start() > first else []
    for number, text_line in enumerate(front_lines, 2):
        if text_line and not text_line[0].isspace() and ":" in text_line:
            key_lines.setdefault(text_line.split(":", 1)[0].strip().strip("\"'"), number)
    return Document(meta, _body(text, closing) if body else "", len(front_lines) + 3, key_lines)


def body_of(data: bytes) -> tuple[str, int] | None:
    """The Markdown after the front matter and the file line it starts on, as split() gives
    them, without parsing the YAML again (the build parsed it when it read the post); None
    when the file is not one split() accepts (then split() says why)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = lf_text(text)
    if not data.strip() or _first_line(text).rstrip() != "---":
        return None
    found = _front(text)
    if found is None:
        return None
    first, closing = found
    return _body(text, closing), text.count("\n", first, closing.start()) + 3
