"""How the store writes a post's draft and its rendered Markdown: plain values by marshal.

Loading 10k pickled dataclasses (with their zoned datetimes) took a few tenths of a second on
every build. A row is now the tuple of the dataclass's fields, its datetimes as tuples and
its nested values (sources, updates, aliases, headings) as tuples too; marshal reads that
several times quicker. A value this does not know exactly (a time zone other than a ZoneInfo
or a fixed offset, a str subclass, front matter extras) keeps pickle, for that field or that
row, and every row written is read back and compared before it is trusted.
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from typing import Any, cast
from zoneinfo import ZoneInfo

from sitegen.frozen import FrozenDict
from sitegen.model import Alias, Heading, Source, Update
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.values import Rendered

_MARSHAL, _PICKLE = b"m", b"p"


class _Unplain(Exception):
    """A value this encoding does not carry exactly: the row is pickled."""


def _tz(dt: datetime) -> str | int | None:
    tz = dt.tzinfo
    if tz is None:
        return None
    if isinstance(tz, ZoneInfo) and ZoneInfo(tz.key) is tz:
        return tz.key
    if type(tz) is timezone:
        offset = tz.utcoffset(None)
        plain = timezone(offset)
        if plain == tz and plain.tzname(None) == tz.tzname(None) and offset.microseconds == 0:
            return int(offset.total_seconds())
    raise _Unplain


def _dt(dt: datetime | None) -> tuple[Any, ...] | None:
    if dt is None:
        return None
    if type(dt) is not datetime:
        raise _Unplain
    return (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, dt.fold, _tz(dt))


def _undt(t: tuple[Any, ...] | None) -> datetime | None:
    if t is None:
        return None
    zone = t[8]
    tz = None if zone is None else ZoneInfo(zone) if isinstance(zone, str) else timezone(timedelta(seconds=zone))
    return datetime(t[0], t[1], t[2], t[3], t[4], t[5], t[6], tz, fold=t[7])


def _exact(values: Any, kind: type) -> tuple[Any, ...]:
    """A tuple of dataclass instances of exactly `kind`, as tuples of their fields."""
    if type(values) is not tuple or any(type(v) is not kind for v in values):
        raise _Unplain
    return tuple(tuple(getattr(v, f.name) for f in fields(kind)) for v in values)


def _extra(extra: Any) -> bytes | None:
    if type(extra) is FrozenDict and not extra:
        return None
    return pickle.dumps(extra, protocol=pickle.HIGHEST_PROTOCOL)


# -- PostDraft ------------------------------------------------------------------------------

_DRAFT_NAMES = tuple(f.name for f in fields(PostDraft))
_D = {name: i for i, name in enumerate(_DRAFT_NAMES)}


def plain_dated(obj: Any, values: list[Any], index: Mapping[str, int]) -> None:
    """The fields a draft and a post share (date, updated, sources, updates, aliases, extra) as
    plain values, in place in `values` (the object's fields in `index`'s order)."""
    values[index["date"]] = _dt(obj.date)
    values[index["updated"]] = _dt(obj.updated)
    values[index["sources"]] = _exact(obj.sources, Source)
    _exact(obj.updates, Update)
    values[index["updates"]] = tuple((_dt(u.date), u.text) for u in obj.updates)
    values[index["aliases"]] = _exact(obj.aliases, Alias)
    values[index["extra"]] = _extra(obj.extra)


def typed_dated(t: tuple[Any, ...], values: list[Any], index: Mapping[str, int]) -> None:
    """The inverse of plain_dated."""
    values[index["date"]] = _undt(t[index["date"]])
    values[index["updated"]] = _undt(t[index["updated"]])
    if t[index["sources"]]:
        values[index["sources"]] = tuple(Source(*s) for s in t[index["sources"]])
    if t[index["updates"]]:
        values[index["updates"]] = tuple(Update(cast(datetime, _undt(u[0])), u[1]) for u in t[index["updates"]])
    if t[index["aliases"]]:
        values[index["aliases"]] = tuple(Alias(*a) for a in t[index["aliases"]])
    extra = t[index["extra"]]
    values[index["extra"]] = FrozenDict() if extra is None else pickle.loads(extra)


def _draft_tuple(d: PostDraft) -> tuple[Any, ...]:
    values = [getattr(d, name) for name in _DRAFT_NAMES]
    plain_dated(d, values, _D)
    return tuple(values)


def _new(cls: type, names: tuple[str, ...], values: Any) -> Any:
    """An instance of a (frozen) dataclass from its field values, without its __init__."""
    obj: Any = object.__new__(cls)
    obj.__dict__.update(zip(names, values))
    return obj


def _draft_of(t: tuple[Any, ...]) -> PostDraft:
    values = list(t)
    typed_dated(t, values, _D)
    result: PostDraft = _new(PostDraft, _DRAFT_NAMES, values)
    return result


# -- Rendered -------------------------------------------------------------------------------

_RENDERED_NAMES = tuple(f.name for f in fields(Rendered))
_R_HEADINGS = _RENDERED_NAMES.index("headings")


def _rendered_tuple(r: Rendered) -> tuple[Any, ...]:
    values = [getattr(r, name) for name in _RENDERED_NAMES]
    if any(type(h) is not Heading for h in r.headings):
        raise _Unplain
    values[_R_HEADINGS] = tuple(tuple(h) for h in r.headings)
    return tuple(values)


def _rendered_of(t: tuple[Any, ...]) -> Rendered:
    values = list(t)
    values[_R_HEADINGS] = tuple([Heading._make(h) for h in t[_R_HEADINGS]])
    result: Rendered = _new(Rendered, _RENDERED_NAMES, values)
    return result


# -- rows -----------------------------------------------------------------------------------

def _same(a: Any, b: Any) -> bool:
    """Equal, field by field, with the same types (== alone takes 1 for True, a dict for a FrozenDict)."""
    return type(a) is type(b) and a == b and all(
        type(getattr(a, n)) is type(getattr(b, n)) for n in getattr(a, "__dataclass_fields__", ()))


def _plain(value: Any, as_tuple: Any, of: Any) -> tuple[Any, ...] | None:
    """The value as plain fields, when they read back as the same value; else None."""
    try:
        t: tuple[Any, ...] = as_tuple(value)
        if _same(of(marshal.loads(marshal.dumps(t))), value):
            return t
    except (_Unplain, ValueError, TypeError, AttributeError):
        pass
    return None


def encode_draft(draft: Any, shape: str) -> bytes:
    """A draft with the key of what shaped it (a standalone page's draft is pickled)."""
    t = _plain(draft, _draft_tuple, _draft_of) if type(draft) is PostDraft else None
    if t is not None:
        return _MARSHAL + marshal.dumps((t, shape))
    return _PICKLE + pickle.dumps((draft, shape), protocol=pickle.HIGHEST_PROTOCOL)


def decode_draft(data: bytes) -> tuple[Any, str]:
    if data[:1] == _MARSHAL:
        t, shape = marshal.loads(data[1:])
        return _draft_of(t), shape
    if data[:1] == _PICKLE:
        found: tuple[Any, str] = pickle.loads(data[1:])
        return found
    raise ValueError("a draft row of an unknown kind")


def draft_entry(rel: str, size: int, mtime: int, key: str, payload: bytes) -> tuple[str, tuple[Any, ...]]:
    """The store's drafts row as rel -> (key, draft, shape, size, mtime_ns)."""
    return rel, (key, *decode_draft(payload), size, mtime)


def rendered_entry(rel: str, key: str, payload: bytes, html: Any) -> tuple[str, tuple[Any, ...]]:
    """The store's rendered row as rel -> (key, Rendered without its HTML, its HTML's loader)."""
    return rel, (key, decode_rendered(payload), html)


def encode_rendered(rendered: Any) -> bytes:
    t = _plain(rendered, _rendered_tuple, _rendered_of) if type(rendered) is Rendered else None
    if t is not None:
        return _MARSHAL + marshal.dumps(t)
    return _PICKLE + pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL)


def decode_rendered(data: bytes) -> Any:
    if data[:1] == _MARSHAL:
        return _rendered_of(marshal.loads(data[1:]))
    if data[:1] == _PICKLE:
        return pickle.loads(data[1:])
    raise ValueError("a rendered row of an unknown kind")
