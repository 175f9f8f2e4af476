"""Front matter as Jekyll, Hugo, Astro, Docusaurus, Eleventy, Zola and Pelican write it.

YAML between ``---`` lines, TOML between ``+++`` lines, a JSON object, or (Pelican) ``Key: value``
lines up to the first blank line. Blank lines and a byte-order mark before the front matter are
allowed. Dates stay text, so the importer reads them with their zone.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import SitegenError


class _Loader(safeyaml.Bounded, yaml.SafeLoader):
    """Safe YAML whose timestamps stay text (read later with their offset)."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    assert isinstance(node, yaml.ScalarNode)
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@dataclass(frozen=True)
class Parsed:
    meta: dict[str, Any]
    body: str
    body_line: int             # file line of the body's first line
    key_lines: dict[str, int]


_PELICAN_KEY = re.compile(r"^([A-Za-z][A-Za-z_ -]*):\s*(.*)$")


Warn = Callable[[str, str, int, str], None]


def _cp1252(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: bytes that are not UTF-8 read as Windows-1252 (Latin-1 where it has a hole)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), exc.end


codecs.register_error("sitegen-cp1252", _cp1252)


def decode(data: bytes) -> tuple[str, int | None]:
    """UTF-8 text, with stray Windows-1252 bytes (smart quotes pasted from Word, a file saved by an old
    editor) read as such instead of failing; the line of the first such byte, or None."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="sitegen-cp1252"), data[: exc.start].count(b"\n") + 1


def read_text(path: Path, warn: Warn) -> str:
    """A config or data file's text: a BOM dropped, CRLF as LF, stray Windows-1252 bytes read as such
    (with a warning); an unreadable file is an error naming it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SitegenError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    return _decode(data, str(path), warn)


# what XML (feeds, sitemaps, the pages' own markup) and YAML refuse: C0 controls but tab, newline and
# carriage return; DEL and the C1 controls; lone surrogates; and the noncharacters U+FFFE and U+FFFF
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _decode(data: bytes, file: str, warn: Warn | None) -> str:
    text, bad = decode(data)
    if bad is not None:
        if warn is None:
            raise SitegenError("the file is not valid UTF-8 text", file=file, line=bad,
                               hint="save it as UTF-8 and run the import again")
        warn("the file is not valid UTF-8: its other bytes were read as Windows-1252 (smart quotes, dashes)",
             file, bad, "check its accented letters and quotes after the import")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first = NOT_XML.search(text)
    if first is not None and warn is not None:     # a vertical tab pasted from Word stopped the build (and YAML)
        count = len(NOT_XML.findall(text))
        warn(f"{count} control character(s) that XML refuses (such as a vertical tab) were removed", file,
             text.count("\n", 0, first.start()) + 1, "check the text there after the import")
        text = NOT_XML.sub("", text)
    return text


def _key_lines(lines: list[str], first: int, sep: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, line in enumerate(lines, first):
        if line and not line[0].isspace() and sep in line:
            out.setdefault(line.split(sep, 1)[0].strip().strip("\"'"), number)
    return out


def _yaml(text: str, file: str, first: int) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SitegenError(f"invalid YAML front matter: {exc.problem or exc}", file=file,
                           line=first + mark.line if mark else first,
                           hint="fix the front matter (quote values that contain ': ') and run the import again") from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"invalid YAML front matter: {exc}", file=file, line=first) from None


def read(data: bytes, file: str, pelican: bool = False, warn: Warn | None = None) -> Parsed:
    """Split a source file; a file without front matter has empty meta. Text that is not UTF-8 is an
    error, or with `warn` a warning (and its stray bytes are read as Windows-1252)."""
    text = _decode(data, file, warn)
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines):
        return Parsed({}, "", 1, {})
    head = lines[start].rstrip()
    if head in ("---", "+++"):
        end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip() in (head, "...")), None)
        if end is None:
            raise SitegenError("the front matter is not closed", file=file, line=start + 1,
                               hint=f"end it with a line '{head}'")
        inner = lines[start + 1:end]
        if head == "+++":
            try:
                meta: Any = tomllib.loads("\n".join(inner))
            except tomllib.TOMLDecodeError as exc:
                m = re.search(r"line (\d+)", str(exc))
                line = start + 1 + int(m.group(1)) if m else end + 1 if "end of document" in str(exc) else start + 1
                raise SitegenError(f"invalid TOML front matter: {exc}", file=file, line=line,
                                   hint="fix the TOML and run the import again") from None
            keys = _key_lines(inner, start + 2, "=")
        else:
            meta = _yaml("\n".join(inner), file, start + 2) or {}
            keys = _key_lines(inner, start + 2, ":")
        if not isinstance(meta, dict):
            raise SitegenError("the front matter is not a mapping of keys to values", file=file, line=start + 2)
        return Parsed(meta, "\n".join(lines[end + 1:]), end + 2, keys)
    if head.startswith("{"):
        decoder = json.JSONDecoder()
        offset = sum(len(x) + 1 for x in lines[:start])
        try:
            meta, stop = decoder.raw_decode(text, offset)
        except json.JSONDecodeError as exc:
            raise SitegenError(f"invalid JSON front matter: {exc.msg}", file=file, line=exc.lineno,
                               hint="fix the JSON and run the import again") from None
        if not isinstance(meta, dict):
            raise SitegenError("the front matter is not an object", file=file, line=start + 1)
        body_line = text[:stop].count("\n") + 1
        rest = text[stop:]
        if rest.startswith("\n"):
            rest, body_line = rest[1:], body_line + 1
        return Parsed(meta, rest, body_line, dict.fromkeys(meta, start + 1))
    if pelican and _PELICAN_KEY.match(lines[start]):
        meta, keys = {}, {}
        i = start
        while i < len(lines) and lines[i].strip():
            m = _PELICAN_KEY.match(lines[i])
            if not m:
                break
            key = m.group(1).strip().lower().replace(" ", "_")
            meta[key], keys[key] = m.group(2).strip(), i + 1
            i += 1
        return Parsed(meta, "\n".join(lines[i:]), i + 1, keys)
    return Parsed({}, text, 1, {})


MATH_SWITCHES = ("mathjax", "math", "katex", "usemathjax", "use_math", "usekatex", "enable_math")


def math_switch(meta: dict[str, Any]) -> str:
    """The front-matter key that turned a theme's MathJax or KaTeX on (`mathjax: true`), or ""."""
    for key, value in meta.items():
        if str(key).lower().replace("-", "_") in MATH_SWITCHES and value not in (False, None, "false", 0, ""):
            return f"{key}: {str(value).lower() if isinstance(value, bool) else value}"
    return ""
