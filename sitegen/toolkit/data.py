"""The site's `data/` folder: CSV, YAML and JSON files loaded once for templates and posts.

`load_data(site / "data")` returns a dict keyed by file stem; files in subfolders nest
(`data/ev/prices.csv` is `data["ev"]["prices"]`). In templates: `data.deliveries`,
`data.ev.prices` (or `data["example-deliveries"]` for names with dashes).

* A CSV file becomes a `Table`: a list of row dicts (column name -> cell text, numbers stay
  text; use `sitegen.numfmt.parse_number` or `Table.numbers`) that also knows its
  `columns`, its `file` and the source `lines` of its rows.
* A YAML file becomes plain data, but its mappings and lists are `LocatedDict` /
  `LocatedList`, which remember the file and line of each key/item (see `location`).
* A JSON file becomes plain data whose objects and arrays are `LocatedDict` / `LocatedList`
  that know the file (JSON gives no line numbers below the file).

Every malformed file is reported with its file and line, and all of them together.
Files and folders whose names start with "." and files of other types are ignored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import Collector, SitegenError
from sitegen.toolkit.numfmt import Number, is_blank, parse_number

DATA_SUFFIXES = (".csv", ".json", ".yaml", ".yml")


class Table(list[Any]):
    """Rows of a CSV file: a list of dicts with the file's `columns`, `file` and `lines`.

    Behaves exactly like a list of dicts (iteration, `len`, indexing, `|tojson`).
    `lines[i]` is the line in `file` where row `i` starts (None when unknown).
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]] = (), *, columns: Iterable[str] = (),
                 file: str | None = None, lines: Iterable[int | None] | None = None):
        super().__init__(dict(r) for r in rows)
        self.columns: list[str] = list(columns)
        self.file = file
        self.lines: list[int | None] = list(lines) if lines is not None else [None] * len(self)

    def __repr__(self) -> str:
        return f"<Table {self.file or '(inline)'}: {len(self)} rows, columns {self.columns}>"

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def where_is(self, index: int) -> str:
        """'data/x.csv:5' (or 'data/x.json, row 3') for error messages."""
        line = self.line_of(index)
        name = self.file or "inline data"
        return f"{name}:{line}" if line else f"{name}, row {index + 1}"

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self]

    def numbers(self, name: str) -> list[Number | None]:
        """The column as numbers (None for empty cells); a SitegenError names the bad row."""
        out: list[Number | None] = []
        for i, row in enumerate(self):
            value = row.get(name)
            if is_blank(value):
                out.append(None)
                continue
            try:
                out.append(parse_number(value))
            except ValueError:
                raise SitegenError(
                    f"{value!r} in column '{name}' is not a number",
                    file=self.file, line=self.line_of(i),
                    hint="write plain numbers such as 1234 or 1,234.5 (units belong in the "
                         "chart or column format), or leave the cell empty") from None
        return out

    def subset(self, indexes: Iterable[int]) -> Table:
        idx = list(indexes)
        return Table((self[i] for i in idx), columns=self.columns, file=self.file,
                     lines=[self.lines[i] for i in idx])


class LocatedDict(dict[Any, Any]):
    """A YAML mapping that remembers where it and each of its keys came from."""

    __slots__ = ("_sg_file", "_sg_line", "_sg_lines")
    _sg_file: str | None
    _sg_line: int
    _sg_lines: dict[Any, int]


class LocatedList(list[Any]):
    """A YAML sequence that remembers where it and each of its items came from."""

    __slots__ = ("_sg_file", "_sg_line", "_sg_lines")
    _sg_file: str | None
    _sg_line: int
    _sg_lines: list[int]


def location(obj: Any, key: Any = None) -> tuple[str | None, int | None]:
    """(file, line) of a loaded YAML mapping/list, or of one of its keys/items."""
    file = getattr(obj, "_sg_file", None)
    if isinstance(obj, Table):
        file = obj.file
        if isinstance(key, int):
            return file, obj.line_of(key)
        return file, None
    line = getattr(obj, "_sg_line", None)
    if key is not None:
        lines = getattr(obj, "_sg_lines", None) or {}
        if isinstance(obj, LocatedList) and isinstance(key, int):
            line = lines[key] if 0 <= key < len(lines) else line
        elif isinstance(lines, dict) and key in lines:
            line = lines[key]
    return file, line


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _LocatedLoader(safeyaml.Bounded, yaml.SafeLoader):
    """Keeps line numbers; aliases and nesting are bounded (see safeyaml)."""

    sg_file: str | None = None


def _construct_mapping(loader: _LocatedLoader, node: yaml.MappingNode) -> Iterator[LocatedDict]:
    result = LocatedDict()
    result._sg_file = loader.sg_file
    result._sg_line = node.start_mark.line + 1
    result._sg_lines = {}
    yield result
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            key = loader.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                continue
            if first is not None:
                raise _DuplicateKey(None, None, f"duplicate key {key!r} (first on line {first})",
                                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark) from None
        result[key] = loader.construct_object(value_node, deep=True)
        result._sg_lines[key] = key_node.start_mark.line + 1


def _construct_sequence(loader: _LocatedLoader, node: yaml.SequenceNode) -> Iterator[LocatedList]:
    result = LocatedList()
    result._sg_file = loader.sg_file
    result._sg_line = node.start_mark.line + 1
    result._sg_lines = []
    yield result
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result._sg_lines.append(child.start_mark.line + 1)


_LocatedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LocatedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_yaml(text: str, *, file: str | None, first_line: int = 1) -> Any:
    """Parse YAML keeping line numbers. Errors name `file` and the line (offset by first_line)."""
    loader = None
    try:
        loader = _LocatedLoader(text)       # the reader refuses control characters here already
        loader.sg_file = file
        value = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        last = max(len(text.splitlines()) - 1, 0)   # errors at the end point past it
        line = first_line + min(mark.line, last) if mark is not None else None
        if isinstance(exc, yaml.reader.ReaderError):    # no mark, but the character's position
            line = first_line + text[:exc.position].count("\n")
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context and "expected a single document" in context:
            what = "more than one YAML document (a second '---')"
        hint = ("remove or rename one of the two keys" if isinstance(exc, _DuplicateKey) else
                safeyaml.HINT if isinstance(exc, safeyaml.LimitError) else
                "remove the invisible control character from that line" if isinstance(exc, yaml.reader.ReaderError) else
                "check the indentation and quoting near that line (put text in quotes "
                "when it contains ': ' or ' #' or starts with a symbol, e.g. unit: \"%\")")
        raise SitegenError(f"invalid YAML: {what}", file=file, line=line, hint=hint) from None
    finally:
        if loader is not None:
            loader.dispose()
    if isinstance(value, (LocatedDict, LocatedList)):
        _shift(value, first_line - 1)
    return value


def _shift(obj: Any, by: int) -> None:
    if by == 0:
        return
    if isinstance(obj, LocatedDict):
        obj._sg_line += by
        obj._sg_lines = {k: v + by for k, v in obj._sg_lines.items()}
        for v in obj.values():
            _shift(v, by)
    elif isinstance(obj, LocatedList):
        obj._sg_line += by
        obj._sg_lines = [v + by for v in obj._sg_lines]
        for v in obj:
            _shift(v, by)


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SitegenError("the file is not UTF-8 text", file=shown, line=line,
                           hint="save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')") from None


def load_csv(text: str, *, file: str | None) -> Table:
    """Parse CSV text into a Table. The first row holds the column names."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: list[str] | None = None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise SitegenError(f"malformed CSV: {exc}", file=file, line=reader.line_num or start,
                               hint='a value that contains commas or quotes must be in double '
                                    'quotes, with inner quotes doubled: "say ""hi"""') from None
        if not record or all(not cell.strip() for cell in record):
            continue
        if columns is None:
            columns = [c.strip() for c in record]
            for i, name in enumerate(columns):
                if not name:
                    raise SitegenError(f"column {i + 1} of the header row has no name", file=file,
                                       line=start, hint="give every column a name in the first row")
                if name in columns[:i]:
                    raise SitegenError(f"the column name '{name}' appears twice", file=file,
                                       line=start, hint="column names must be unique")
            continue
        if len(record) != len(columns):
            raise SitegenError(
                f"this row has {len(record)} values but the header has {len(columns)} columns",
                file=file, line=start,
                hint=f"columns are: {', '.join(columns)}; quote values that contain commas")
        rows.append({c: v.strip() for c, v in zip(columns, record)})
        lines.append(start)
    if columns is None:
        raise SitegenError("the CSV file is empty", file=file, line=1,
                           hint="the first row must name the columns, e.g. year,deliveries")
    return Table(rows, columns=columns, file=file, lines=lines)


def load_json(text: str, *, file: str | None) -> Any:
    """Parse JSON; its objects and arrays remember the file (but not lines)."""
    try:
        value = json.loads(text)
        deep = safeyaml.too_deep(value)
    except json.JSONDecodeError as exc:
        raise SitegenError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno,
                           hint="check commas and quotes near that line "
                                "(JSON needs double quotes and no trailing commas)") from None
    except RecursionError:      # the decoder recurses once per level
        deep = True
    if deep:
        raise SitegenError(f"invalid JSON: values nest more than {safeyaml.MAX_DEPTH} levels deep",
                           file=file, line=safeyaml.deep_line(text) or 1, hint=safeyaml.HINT)
    return _with_file(value, file)


def _with_file(value: Any, file: str | None) -> Any:
    if isinstance(value, dict):
        out: Any = LocatedDict((k, _with_file(v, file)) for k, v in value.items())
        out._sg_lines = {}
    elif isinstance(value, list):
        out = LocatedList(_with_file(v, file) for v in value)
        out._sg_lines = [None] * len(out)
    else:
        return value
    out._sg_file, out._sg_line = file, None
    return out


def load_file(path: Path, shown: str) -> Any:
    text = _decode(path.read_bytes(), shown)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return load_csv(text, file=shown)
    if suffix == ".json":
        return load_json(text, file=shown)
    return load_yaml(text, file=shown)


def load_data(data_dir: Path, *, rel_to: Path | None = None) -> dict[str, Any]:
    """Load every data file under `data_dir` (see the module docstring).

    File names in errors are relative to `rel_to` when given, else to the parent of
    `data_dir` (so they read `data/deliveries.csv`). A missing folder gives `{}`.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return {}
    base = Path(rel_to) if rel_to is not None else data_dir.parent
    collector = Collector()
    result = _load_dir(data_dir, base, collector)
    collector.raise_if_any()
    return result


def _shown(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def _load_dir(folder: Path, base: Path, collector: Collector) -> dict[str, Any]:
    out: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        shown = _shown(path, base)
        if path.is_dir():
            name = path.name
        elif path.suffix.lower() in DATA_SUFFIXES:
            name = path.stem
        else:
            continue
        if name in owner:
            collector.add(SitegenError(
                f"the data name '{name}' is used twice: {owner[name]} and {shown}", file=shown,
                hint="rename or remove one of them; each data name must be unique in its folder"))
            continue
        owner[name] = shown
        try:
            value = _load_dir(path, base, collector) if path.is_dir() else load_file(path, shown)
        except SitegenError as err:
            collector.add(err)
            continue
        except OSError as exc:
            collector.add(SitegenError(f"cannot read the file: {exc.strerror}", file=shown,
                                       hint="check that it exists and is readable"))
            continue
        out[name] = value
    return out


def lookup(data: Mapping[str, Any], name: str) -> Any:
    """The data addressed by a dotted name (`ev.prices`). Raises KeyError if missing."""
    if name in data:
        return data[name]
    node: Any = data
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(name)
        node = node[part]
    return node


def dataset_names(data: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Dotted names of every table-like entry (CSV tables and lists of mappings)."""
    names: list[str] = []
    for key in sorted(data, key=str):
        value = data[key]
        full = f"{prefix}{key}"
        if isinstance(value, list) and (isinstance(value, Table)
                                        or all(isinstance(v, Mapping) for v in value)):
            names.append(full)
        elif isinstance(value, Mapping) and key != "facts":
            names.extend(dataset_names(value, full + "."))
    return names
