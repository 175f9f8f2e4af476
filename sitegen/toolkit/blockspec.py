"""The YAML body of a ```chart or ```table block: reading it, checking it, finding its data.

Shared by `sitegen.charts` for both kinds of block. Every error names the post's file and
the line of the offending key inside the block (and, for a bad cell, the data file's row).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sitegen.errors import SitegenError
from sitegen.toolkit.data import (
    LocatedList,
    Table,
    dataset_names,
    load_yaml,
    location,
    lookup,
)
from sitegen.toolkit.numfmt import Number, is_blank, is_number, parse_number


class Spec:
    """A parsed block body: a mapping with the post's file and the file line of each key."""

    def __init__(self, text: str, *, file: str, line: int, kind: str, keys: Iterable[str],
                 example: str):
        self.file, self.fence_line, self.kind = file, line, kind
        self.example = example
        if not text.strip():
            raise SitegenError(f"the {kind} block is empty", file=file, line=line,
                               hint=f"write its options in YAML, for example:\n{example}")
        raw = load_yaml(text, file=file, first_line=line + 1)
        if not isinstance(raw, Mapping):
            raise SitegenError(f"the {kind} block must hold YAML 'key: value' options",
                               file=file, line=line + 1,
                               hint=f"for example:\n{example}")
        self.raw: Mapping[str, Any] = raw
        valid = list(keys)
        for key in raw:
            if key not in valid:
                close = difflib.get_close_matches(str(key), valid, n=1)
                raise self.error(key, f"unknown {kind} option '{key}'",
                                 (f"did you mean '{close[0]}'? " if close else "")
                                 + f"valid options: {', '.join(valid)}")

    def line_of(self, key: str | None = None) -> int:
        if key is not None and key in self.raw:
            return location(self.raw, key)[1] or self.fence_line
        return self.fence_line

    def error(self, key: str | None, message: str, hint: str) -> SitegenError:
        return SitegenError(message, file=self.file, line=self.line_of(key), hint=hint)

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def require(self, key: str, what: str) -> Any:
        if self.raw.get(key) in (None, "", []):
            raise SitegenError(f"the {self.kind} block needs '{key}' ({what})", file=self.file,
                               line=self.fence_line,
                               hint=f"for example:\n{self.example}")
        return self.raw[key]

    def text(self, key: str, *, required: bool = False, what: str = "") -> str | None:
        value = self.require(key, what) if required else self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(key, f"'{key}' must be text", f'for example: {key}: "..."')
        return str(value)

    def source(self, *, required: bool) -> tuple[str, str | None] | None:
        """`source: text` or `source: {text: ..., url: ...}` -> (text, url)."""
        hint = "write source: Company report, or source: {text: Company report, url: https://...}"
        if required:
            self.require("source", "where the numbers come from; for made-up numbers write "
                                   "'Illustrative example, not real data'")
        value = self.raw.get("source")
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in ("text", "url")]
            text, url = value.get("text"), value.get("url")
            if unknown or not isinstance(text, str) or not text.strip() or \
                    (url is not None and not isinstance(url, str)):
                raise self.error("source", "the source must be text or {text: ..., url: ...}",
                                 hint)
            if url is not None:
                scheme = urlsplit(url).scheme.lower()
                if scheme not in ("", "http", "https"):
                    raise self.error("source", f"the source URL must use http or https, not "
                                               f"'{scheme}:'", "write the full https:// address")
            return text.strip(), url
        raise self.error("source", "the source must be text or {text: ..., url: ...}", hint)


# --- data ----------------------------------------------------------------------------------

def resolve_data(spec: Spec, data: Mapping[str, Any]) -> Table:
    """The block's `data`: a data file by name or inline rows, as a Table."""
    ref = spec.require("data", "a data file name such as deliveries, or a list of rows")
    if isinstance(ref, str):
        try:
            value = lookup(data, ref)
        except KeyError:
            names = dataset_names(data)
            close = difflib.get_close_matches(ref, names, n=1)
            hint = (f"did you mean '{close[0]}'? " if close else "") + (
                f"known data: {', '.join(names)}" if names else
                "there are no data files yet: put CSV, YAML or JSON files in data/")
            hint += f" (data: {ref} reads data/{ref.replace('.', '/')}.csv, .yaml or .json)"
            raise spec.error("data", f"unknown data '{ref}'", hint) from None
        table = as_table(value)
        if table is None:
            raise spec.error("data", f"the data '{ref}' is not a table of rows",
                             "use a CSV file, or a YAML/JSON file holding a list of mappings")
        return table
    if isinstance(ref, list):
        table = as_table(ref, file=spec.file)
        if table is not None and len(table):
            return table
    raise spec.error("data", "inline data must be a list of rows such as {year: 2024, units: 10}",
                     "or give the name of a data file, e.g. data: deliveries")


def as_table(value: Any, *, file: str | None = None) -> Table | None:
    """A Table for a CSV table or a list of mappings; None for anything else."""
    if isinstance(value, Table):
        return value
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        return None
    columns: list[str] = []
    for row in value:
        columns.extend(str(k) for k in row if str(k) not in columns)
    lines = [location(value, i)[1] for i in range(len(value))] \
        if isinstance(value, LocatedList) else None
    rows = [{str(k): ("" if v is None else v) for k, v in row.items()} for row in value]
    return Table(rows, columns=columns, file=location(value)[0] or file, lines=lines)


def check_column(spec: Spec, table: Table, column: Any, key: str) -> str:
    if not isinstance(column, str) or column not in table.columns:
        close = difflib.get_close_matches(str(column), table.columns, n=1)
        raise spec.error(key, f"unknown column '{column}' in {table.file or 'the inline data'}",
                         (f"did you mean '{close[0]}'? " if close else "")
                         + f"columns: {', '.join(table.columns)}")
    return column


def number_at(spec: Spec, table: Table, index: int, column: str, key: str) -> Number | None:
    """The number in one cell (None if empty); a bad cell names both files and lines."""
    value = table[index].get(column)
    if is_blank(value):
        return None
    try:
        return parse_number(value)
    except ValueError:
        raise spec.error(key, f"{value!r} in column '{column}' at {table.where_is(index)} "
                              f"is not a number",
                         f"fix that row of {table.file or 'the inline data'}: write a plain "
                         "number such as 1234 or 1,234.5 (units go in the block's options), "
                         "or leave the cell empty for a missing value") from None


# --- where, sort, limit -----------------------------------------------------------------------

OPERATORS = ("=", "==", "!=", "<", "<=", ">", ">=", "in", "not in")


@dataclass(frozen=True)
class _Test:
    column: str
    op: str
    operand: Any


def _compare(op: str, cell: Any, operand: Any) -> bool | None:
    """Compare numerically when both sides are numbers, else as text. None: not comparable."""
    if op in ("in", "not in"):
        found = any(_compare("=", cell, o) for o in operand)
        return found if op == "in" else not found
    try:
        a: Any = parse_number(cell)
        b: Any = parse_number(operand)
    except ValueError:
        if op in ("=", "==", "!="):
            same = str(cell).strip() == str(operand).strip()
            return same if op != "!=" else not same
        if isinstance(operand, (int, float)):
            return None
        a, b = str(cell), str(operand)
    result: bool = {"=": a == b, "==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
                    ">=": a >= b}[op]
    return result


def _tests(spec: Spec, table: Table) -> list[_Test]:
    where = spec.get("where")
    if where is None:
        return []
    hint = 'for example: where: {country: China, year: {">=": 2024}}'
    if not isinstance(where, Mapping):
        raise spec.error("where", "'where' must map column names to values", hint)
    tests = []
    for column, cond in where.items():
        check_column(spec, table, column, "where")
        if isinstance(cond, Mapping):
            for op, operand in cond.items():
                if op not in OPERATORS:
                    raise spec.error("where", f"unknown comparison '{op}' for column '{column}'",
                                     f"use one of: {', '.join(OPERATORS)}")
                if op in ("in", "not in") and not isinstance(operand, list):
                    raise spec.error("where", f"'{op}' needs a list", 'for example: {in: [A, B]}')
                tests.append(_Test(column, op, operand))
        elif isinstance(cond, list):
            tests.append(_Test(column, "in", cond))
        elif cond is None or isinstance(cond, (str, int, float)):
            tests.append(_Test(column, "=", "" if cond is None else cond))
        else:
            raise spec.error("where", f"cannot compare column '{column}' with {cond!r}", hint)
    return tests


def select_rows(spec: Spec, table: Table) -> Table:
    """Apply `where`, `sort` and `limit` (when present) and return the chosen rows."""
    tests = _tests(spec, table)
    keep = []
    for i, row in enumerate(table):
        ok = True
        for t in tests:
            cell = row.get(t.column, "")
            if is_blank(cell) and t.op not in ("=", "==", "!=", "not in"):
                ok = False
                break
            result = _compare(t.op, cell, t.operand)
            if result is None:
                raise spec.error("where", f"{cell!r} in column '{t.column}' at "
                                          f"{table.where_is(i)} is not a number",
                                 f"'{t.op}' with a number needs numbers in that column")
            if not result:
                ok = False
                break
        if ok:
            keep.append(i)
    keep = _sorted(spec, table, keep)
    limit = spec.get("limit")
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise spec.error("limit", "'limit' must be a whole number of rows, 1 or more",
                             "for example: limit: 10")
        keep = keep[:limit]
    return table.subset(keep)


def _sorted(spec: Spec, table: Table, keep: list[int]) -> list[int]:
    sort = spec.get("sort")
    if sort is None:
        return keep
    keys = sort if isinstance(sort, list) else [sort]
    if not keys or not all(isinstance(k, str) and k.strip("-") for k in keys):
        raise spec.error("sort", "'sort' must be a column name or a list of them",
                         "for example: sort: -deliveries (a leading '-' sorts high to low)")
    for key in reversed(keys):  # stable sorts, last key first
        column = check_column(spec, table, key.lstrip("-"), "sort")
        cells = [table[i].get(column, "") for i in keep]
        numeric = all(is_blank(c) or is_number(c) for c in cells)
        present = [i for i in keep if not is_blank(table[i].get(column, ""))]
        blank = [i for i in keep if is_blank(table[i].get(column, ""))]
        def sort_key(i: int, c: str = column, numeric: bool = numeric) -> Any:
            return parse_number(table[i][c]) if numeric else str(table[i][c]).casefold()

        keep = sorted(present, key=sort_key, reverse=key.startswith("-")) + blank
    return keep


__all__ = [
    "OPERATORS",
    "Spec",
    "as_table",
    "check_column",
    "number_at",
    "resolve_data",
    "select_rows",
]
