"""Split a post file into YAML front matter and Markdown body, with errors that name the line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import SitegenError

try:  # the C loader is several times faster when PyYAML was built with libyaml
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader


class _Loader(safeyaml.Bounded, _Base):  # type: ignore[misc]  # _Base is the C loader or the Python one, chosen at import
    """Safe YAML, but dates stay text: sitegen parses them itself, with errors that name the line.
    Aliases and nesting are bounded (see safeyaml)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    body: str
    body_line: int                 # file line of the body's first line
    key_lines: dict[str, int]      # front matter key -> file line


def load_yaml(text: str, file: str, first_line: int = 1) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        problem = exc.problem or "invalid YAML"
        hint = (safeyaml.HINT if isinstance(exc, safeyaml.LimitError) else
                "check indentation and quote values that contain ': ' or start with a special character")
        raise SitegenError(f"invalid YAML: {problem}", file=file, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"invalid YAML: {exc}", file=file, line=first_line) from None


def split(data: bytes, file: str) -> Document:
    if not data.strip():
        raise SitegenError("the file is empty", file=file, line=1,
                           hint="add front matter with at least a title and a date, or delete the file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SitegenError("the file is not valid UTF-8 text", file=file, line=line,
                           hint="save it with UTF-8 encoding") from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() == "+++" or (lines[0].startswith("{") and text.lstrip().startswith("{")):
        kind = "TOML (between '+++' lines)" if lines[0].rstrip() == "+++" else "JSON"
        raise SitegenError(f"the front matter is {kind}, as Hugo writes it; sitegen reads YAML", file=file, line=1,
                           hint="import the posts with 'sitegen import hugo FOLDER' (it converts them), or write "
                                "the front matter as YAML between '---' lines: title: …, date: …")
    if lines[0].rstrip() != "---":
        raise SitegenError("the file does not start with front matter", file=file, line=1,
                           hint="start the file with a line '---', then 'title: …' and 'date: …', then '---'")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise SitegenError("the front matter is not closed", file=file, line=1,
                           hint="end the front matter with a line '---'")
    meta = load_yaml("\n".join(lines[1:end]), file, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SitegenError(f"the front matter is a {type(meta).__name__}, not a mapping of keys to values",
                           file=file, line=2, hint="write it as 'key: value' lines, e.g. 'title: My post'")
    key_lines: dict[str, int] = {}
    for number, text_line in enumerate(lines[1:end], 2):
        if text_line and not text_line[0].isspace() and ":" in text_line:
            key_lines.setdefault(text_line.split(":", 1)[0].strip().strip("\"'"), number)
    return Document(meta, "\n".join(lines[end + 1:]), end + 2, key_lines)


def body_of(data: bytes) -> tuple[str, int] | None:
    """The Markdown after the front matter and the file line it starts on, as split() gives
    them, without parsing the YAML again (the build parsed it when it read the post); None
    when the file is not one split() accepts (then split() says why)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not data.strip() or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    return "\n".join(lines[end + 1:]), end + 2
