"""Named figures ("facts") kept in `data/facts.yaml` and used in posts.

A fact is a mapping with a `value`, nested by topic::

    xiaomi:
      target_2026:
        value: 550000
        unit: units            # optional; see sitegen.numfmt for how units are written
        as_of: 2026-01-12      # optional
        source: Company statement   # optional: text, or {text: ..., url: ...}
        decimals: 0            # optional: fixed decimal places when formatting
        match: [xiaomi, [target, goal]]   # optional: words for the stale-number check

A post writes ``{{ fact("xiaomi.target_2026") }}`` (single quotes and spaces inside the
braces are fine) and gets ``550,000 units``. Calls inside fenced code blocks and inline code
spans are left alone; an unknown fact is an error naming the post's file and line.

Stale-number rule (`stale_numbers`, used by ``sitegen check``). The prose is cut into
sentences (at ``. ! ?`` followed by a space, at blank lines, and at the start of every
heading, list item, table row and quote line); code, HTML comments, URLs and fact() calls are
not prose. A sentence is *about* a fact when it contains every one of the fact's words:

* by default the parts of its dotted name split at ``.``, ``_`` and ``-``
  (``xiaomi.target_2026`` needs the word ``xiaomi``, the word ``target`` and the number
  ``2026``; plural and possessive forms such as ``targets`` and ``Xiaomi's`` count);
* or, when the fact has ``match``, every entry of that list, where an entry is a word or
  phrase or a list of alternatives (``[xiaomi, [target, goal, aim]]``).

A sentence that already calls ``fact()`` for that fact is skipped. In a sentence about a fact,
a number is a candidate when it is written like the fact (with ``%`` if and only if the fact's
unit is ``%``), is not one of the numbers in the fact's name, is not a bare year (four digits
from 1900 to 2100), and is within a factor of two of the value (``k``, ``m``/``million`` and
``bn``/``billion`` after a number are understood). A candidate *agrees* with the fact when
the value rounded to the precision the number is written with equals it (``550,000`` and
``550k`` agree with 552,300; ``500,000`` does not). If no number in the sentence agrees, the
candidate closest to the value is reported as possibly stale: one warning per sentence and
fact at most. Numbers far from the value, percentages for counts and sentences that do not
name the fact are never flagged.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sitegen.errors import Collector, Problem, SitegenError
from sitegen.toolkit.data import location
from sitegen.toolkit.numfmt import format_value, round_to, split_unit

FACT_KEYS = ("value", "unit", "as_of", "source", "decimals", "match", "note")
DEFAULT_FILE = "data/facts.yaml"


@dataclass(frozen=True)
class Fact:
    name: str
    value: Any
    unit: str | None = None
    as_of: str | None = None
    source: str | None = None
    source_url: str | None = None
    decimals: int | None = None
    match: tuple[tuple[str, ...], ...] | None = None
    file: str | None = None
    line: int | None = None

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)

    def formatted(self, language: str = "en") -> str:
        if self.is_number:
            return format_value(self.value, self.unit, self.decimals, language)
        text = self.value.isoformat() if isinstance(self.value, (date, datetime)) else str(self.value)
        return f"{text} {self.unit}" if self.unit else text

    def __str__(self) -> str:
        return self.formatted()


class Facts:
    """All facts, addressed by dotted name. Build with `Facts(data.get("facts"))`."""

    def __init__(self, tree: Any = None, *, file: str | None = None):
        # tree is the parsed data/facts file: a mapping when it is written right, anything when not
        self.file = file or location(tree)[0] or DEFAULT_FILE
        self._facts: dict[str, Fact] = {}
        collector = Collector()
        if tree is not None and not isinstance(tree, Mapping):
            collector.add(SitegenError(
                "facts must be a mapping of topics to facts", file=self.file,
                line=location(tree)[1], hint='for example:\nxiaomi:\n  target_2026:\n    value: 550000'))
        elif tree:
            self._walk(tree, "", collector)
        collector.raise_if_any()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Facts:
        return cls(data.get("facts"))

    def _walk(self, node: Mapping[str, Any], prefix: str, collector: Collector) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            _, line = location(node, key)
            if not isinstance(key, str) or not key or "." in key:
                collector.add(SitegenError(
                    f"the fact name '{name}' cannot be used", file=self.file, line=line,
                    hint="use letters, digits, '_' and '-' in names; nest topics instead of "
                         "writing dots"))
                continue
            if not isinstance(value, Mapping):
                collector.add(SitegenError(
                    f"the fact '{name}' must be a mapping with a 'value'", file=self.file,
                    line=line, hint=f"write:\n{key}:\n  value: {value!r}\n  unit: ...\n"
                                    "  as_of: ...\n  source: ..."))
            elif "value" in value:
                try:
                    self._facts[name] = self._leaf(name, value, line)
                except SitegenError as err:
                    collector.add(err)
            elif not value:
                collector.add(SitegenError(f"the fact topic '{name}' is empty", file=self.file,
                                           line=line, hint="add facts under it or remove it"))
            else:
                self._walk(value, name + ".", collector)

    def _leaf(self, name: str, node: Mapping[str, Any], line: int | None) -> Fact:
        def bad(key: str, message: str, hint: str) -> SitegenError:
            return SitegenError(f"fact '{name}': {message}", file=self.file,
                                line=location(node, key)[1] or line, hint=hint)

        for key in node:
            if key not in FACT_KEYS:
                close = difflib.get_close_matches(str(key), FACT_KEYS, n=1)
                raise bad(key, f"unknown key '{key}'",
                          f"did you mean '{close[0]}'?" if close else
                          f"a fact may have: {', '.join(FACT_KEYS)}")
        value = node["value"]
        if value is None or isinstance(value, (bool, list, dict)):
            raise bad("value", "the value must be a number or text",
                      "write e.g. value: 550000 (no thousands separators in YAML numbers)")
        if isinstance(value, float) and not math.isfinite(value):
            raise bad("value", "the value must be a finite number", "write a plain number")
        unit = node.get("unit")
        if unit is not None and not isinstance(unit, str):
            raise bad("unit", "the unit must be text", 'for example: unit: "%" or unit: USD')
        decimals = node.get("decimals")
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)
                                     or not 0 <= decimals <= 10):
            raise bad("decimals", "decimals must be a whole number from 0 to 10",
                      "for example: decimals: 1")
        source, url = node.get("source"), None
        if isinstance(source, Mapping):
            unknown = set(source) - {"text", "url"}
            if unknown or not isinstance(source.get("text"), str):
                raise bad("source", "the source must be text or {text: ..., url: ...}",
                          "for example: source: {text: Company filing, url: https://...}")
            source, url = source["text"], source.get("url")
        elif source is not None and not isinstance(source, str):
            raise bad("source", "the source must be text or {text: ..., url: ...}",
                      "for example: source: Company filing")
        as_of = node.get("as_of")
        if isinstance(as_of, (date, datetime)):
            as_of = as_of.isoformat()
        elif as_of is not None:
            as_of = str(as_of)
        return Fact(name, value, unit, as_of, source, url, decimals,
                    self._match(node, bad), self.file, line)

    @staticmethod
    def _match(node: Mapping[str, Any], bad: Callable[..., Any]) -> tuple[tuple[str, ...], ...] | None:
        if "match" not in node:
            return None
        raw = node["match"]
        hint = "for example: match: [xiaomi, [target, goal]]"
        if not isinstance(raw, list) or not raw:
            raise bad("match", "match must be a list of words", hint)
        out = []
        for entry in raw:
            alts = entry if isinstance(entry, list) else [entry]
            if not alts or not all(isinstance(a, (str, int)) and not isinstance(a, bool)
                                   and str(a).strip() for a in alts):
                raise bad("match", "each match entry must be a word or a list of words", hint)
            out.append(tuple(str(a).strip() for a in alts))
        return tuple(out)

    def __contains__(self, name: object) -> bool:
        return name in self._facts

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._facts[name] for name in sorted(self._facts))

    def __len__(self) -> int:
        return len(self._facts)

    def names(self) -> list[str]:
        return sorted(self._facts)

    def get(self, name: str) -> Fact:
        """The fact called `name`; an unknown name is a SitegenError (without file/line)."""
        try:
            return self._facts[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._facts), n=3)
            if close:
                hint = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
            elif self._facts:
                hint = f"facts are defined in {self.file}"
            else:
                hint = f"define it in {self.file} (no facts are defined yet)"
            raise SitegenError(f"unknown fact '{name}'", hint=hint) from None

    def format(self, name: str, language: str = "en") -> str:
        """The formatted value (`550,000 units`; `18,5 kWh` in German); also `fact()` in templates."""
        return self.get(name).formatted(language)

    __call__ = format


# --- where the prose is ---------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TICKS = re.compile(r"`+")


def code_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks and inline code spans, in order."""
    ranges: list[tuple[int, int]] = []
    gaps: list[tuple[int, int]] = []
    pos = 0
    fence: tuple[str, int, int] | None = None  # char, length, start offset
    gap_start = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if fence is None:
            m = _FENCE.match(body)
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                gaps.append((gap_start, pos))
                fence = (m.group(1)[0], len(m.group(1)), pos)
        else:
            char, length, start = fence
            stripped = body.strip()
            if (len(body) - len(body.lstrip(" ")) <= 3 and len(stripped) >= length
                    and set(stripped) == {char}):
                ranges.append((start, pos + len(line)))
                fence = None
                gap_start = pos + len(line)
        pos += len(line)
    if fence is not None:
        ranges.append((fence[2], len(text)))
    else:
        gaps.append((gap_start, len(text)))
    for start, end in gaps:
        ranges.extend(_code_spans(text, start, end))
    return sorted(ranges)


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    while True:
        m = _TICKS.search(text, pos, end)
        if not m:
            return spans
        before = text[start:m.start()]
        backslashes = len(before) - len(before.rstrip("\\"))
        if backslashes % 2:  # an escaped backtick is literal
            pos = m.start() + 1
            continue
        n = len(m.group())
        stop = _BLANK_LINE.search(text, m.end(), end)
        limit = stop.start() if stop else end
        close = m.end()
        found = None
        while True:
            c = _TICKS.search(text, close, limit)
            if not c:
                break
            if len(c.group()) == n:
                found = c
                break
            close = c.end()
        if found:
            spans.append((m.start(), found.end()))
            pos = found.end()
        else:
            pos = m.end()


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """Replace the ranges by spaces, keeping newlines so offsets and lines stay put."""
    chars = list(text)
    for start, end in ranges:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# --- expanding fact() calls -----------------------------------------------------------------

FACT_CALL = re.compile(r"""\{\{\s*fact\(\s*(["'])([^"'\n]*)\1\s*\)\s*\}\}""")
_ANY_CALL = re.compile(r"\{\{\s*fact\b[^\n]*?\}\}")


def _line_at(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def _calls(text: str) -> list[tuple[int, int, str | None]]:
    """fact() calls in prose: (start, end, name or None when malformed)."""
    code = code_ranges(text)
    prose = _blank(text, code)
    out = []
    for m in _ANY_CALL.finditer(prose):
        good = FACT_CALL.fullmatch(m.group())
        out.append((m.start(), m.end(), good.group(2).strip() if good else None))
    return out


def expand_facts(text: str, facts: Facts, *, file: str, first_line: int = 1, language: str = "en") -> str:
    """Replace ``{{ fact("a.b") }}`` outside code with the formatted value.

    Every unknown or malformed call is reported (all at once) with `file` and its line;
    `first_line` is the file line of the text's first line.
    """
    collector = Collector()
    pieces: list[str] = []
    pos = 0
    for start, end, name in _calls(text):
        line = _line_at(text, start, first_line)
        if name is None:
            collector.add(SitegenError(
                f"malformed fact call: {text[start:end]}", file=file, line=line,
                hint='write {{ fact("topic.name") }} with the name in quotes'))
            continue
        try:
            value = facts.format(name, language)
        except SitegenError as err:
            collector.add(SitegenError(err.first.message, file=file, line=line,
                                       hint=err.first.hint))
            continue
        pieces.append(text[pos:start])
        pieces.append(value)
        pos = end
    collector.raise_if_any()
    pieces.append(text[pos:])
    return "".join(pieces)


# --- stale numbers --------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_URL = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<?https?://[^\s>)]+>?|\]\[[^\]]*\]|^\s{0,3}\[[^\]]+\]:.*$",
                  re.M)
_BLOCK_START = re.compile(r"^[ \t]*(?:#{1,6}\s|[-*+]\s|\d{1,9}[.)]\s|\||>)", re.M)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]*_]*(?=\s)")
_SCALES = {"k": 3, "thousand": 3, "m": 6, "mn": 6, "million": 6, "bn": 9, "billion": 9}
_PROSE_NUMBER = re.compile(
    r"(?<![\w.,/\-−])[$€£¥]?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:(?P<pct>\s?%)|(?P<glued>k|K|m|bn)|\s(?P<word>thousand|million|mn|billion|bn))?"
    r"(?![\w%]|[.,]\d|-\d)")
_WORD_SUFFIX = r"(?:'s|’s|s|es)?"


def _sentences(prose: str) -> list[tuple[int, int]]:
    cuts = {0, len(prose)}
    cuts.update(m.start() for m in _BLANK_LINE.finditer(prose))
    cuts.update(m.start() for m in _BLOCK_START.finditer(prose))
    cuts.update(m.end() for m in _SENTENCE_END.finditer(prose))
    points = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(points) if prose[a:b].strip()]


def _words_of(fact: Fact) -> tuple[list[tuple[str, ...]], set[str]]:
    """(required entries, numbers in the name) for a fact."""
    parts = [p for p in re.split(r"[._\-]+", fact.name) if p]
    numbers = {p for p in parts if p.isdigit()}
    if fact.match is not None:
        return [tuple(e) for e in fact.match], numbers | {
            a for e in fact.match for a in e if a.isdigit()}
    return [(p,) for p in parts], numbers


def _mentions(sentence: str, entry: tuple[str, ...]) -> bool:
    for alt in entry:
        words = alt.split()
        if alt.isdigit():
            pattern = rf"(?<![\w.,]){re.escape(alt)}(?![\w]|[.,]\d)"
        else:
            pattern = r"\b" + r"\s+".join(re.escape(w) for w in words) + _WORD_SUFFIX + r"\b"
        if re.search(pattern, sentence, re.I):
            return True
    return False


def _scale_of_unit(unit: str | None) -> int:
    """10-exponent of a scale word that starts the unit: 'million units' -> 6, 'USD bn' -> 9."""
    words = split_unit(unit)[2].split()
    first = words[0].lower() if words else ""
    return _SCALES.get(first, 0) if first != "m" else 0


@dataclass
class _Written:
    text: str
    start: int
    value: Decimal       # in base units
    places: int          # precision, in base-unit decimal places
    percent: bool


def _numbers_in(sentence: str, offset: int) -> list[_Written]:
    out = []
    for m in _PROSE_NUMBER.finditer(sentence):
        digits = m.group("num").replace(",", "")
        scale = _SCALES.get((m.group("glued") or m.group("word") or "").lower(), 0)
        if "." in digits:
            places = len(digits.split(".")[1])
        else:
            places = -(len(digits) - len(digits.rstrip("0"))) if digits.strip("0") else 0
        out.append(_Written(m.group().strip(), offset + m.start(),
                            Decimal(digits).scaleb(scale), places - scale, bool(m.group("pct"))))
    return out


def _is_year(w: _Written) -> bool:
    return (not w.percent and w.places <= 0 and w.text.isdigit() and len(w.text) == 4
            and 1900 <= int(w.text) <= 2100)


def stale_numbers(text: str, facts: Facts, *, file: str, first_line: int = 1) -> list[Problem]:
    """Warnings for numbers in the prose that look like an outdated value of a fact.

    See the module docstring for the exact rule. Returns Problems (file, line, hint).
    """
    numeric = [f for f in facts if f.is_number and f.value != 0]
    if not numeric:
        return []
    calls = _calls(text)
    hidden = code_ranges(text) + [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
    hidden += [(m.start(), m.end()) for m in _URL.finditer(text)]
    hidden += [(s, e) for s, e, _ in calls]
    prose = _blank(text, hidden)
    problems: list[Problem] = []
    for start, end in _sentences(prose):
        sentence = prose[start:end]
        called = {name for s, _, name in calls if start <= s < end}
        numbers = _numbers_in(sentence, start)
        if not numbers:
            continue
        for fact in numeric:
            if fact.name in called:
                continue
            entries, name_numbers = _words_of(fact)
            if not all(_mentions(sentence, e) for e in entries):
                continue
            problem = _check(fact, numbers, name_numbers, text, file, first_line)
            if problem:
                problems.append(problem)
    return problems


def _check(fact: Fact, numbers: list[_Written], name_numbers: set[str], text: str,
           file: str, first_line: int) -> Problem | None:
    percent = (fact.unit or "").strip() == "%"
    target = Decimal(str(fact.value)).scaleb(_scale_of_unit(fact.unit))
    if target < 0:
        target = -target
    candidates = []
    for w in numbers:
        if w.percent != percent or w.text in name_numbers or (not percent and _is_year(w)):
            continue
        if w.value == 0 or not (Decimal("0.5") <= w.value / target <= 2):
            continue
        if round_to(target, w.places) == w.value:
            return None  # the sentence states the fact correctly
        candidates.append(w)
    if not candidates:
        return None
    worst = min(candidates, key=lambda w: abs(math.log(float(w.value / target))))
    about = f" (as of {fact.as_of})" if fact.as_of else ""
    source = f"; source: {fact.source}" if fact.source else ""
    return Problem(
        f"'{worst.text}' may be stale: the fact {fact.name} is {fact.formatted()}{about}{source}",
        file, _line_at(text, worst.start, first_line),
        f'write {{{{ fact("{fact.name}") }}}} to always show the current value, '
        "or correct the number")
