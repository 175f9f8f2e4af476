"""Dates as other generators write them, read into aware datetimes and written back as ISO 8601.

Handles ISO 8601 (``T`` or a space, ``Z``, ``+02:00``, ``+0200``, `` -0400`` after a space),
RFC 822 dates of feeds, and dates without a zone (the source's zone applies). Output is always
``YYYY-MM-DDTHH:MM:SS+HH:MM``, which sitegen reads without guessing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|UTC|GMT)?"
    r"(?:\s+([A-Z]{3,5}))?$", re.I)    # Go's default format ends with a zone name: "+0100 CET"
# zone names Ruby's Time.parse reads (RFC 822's and common European ones): "2019-01-01 10:00:00 EST"
_NAMED_ZONES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
                "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "AEST": 10,
                "AEDT": 11}
FILE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")       # Jekyll allows 2018-1-5-title


def zone(name: str | None) -> tzinfo:
    """A zone by IANA name; UTC when none or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _offset(text: str) -> tzinfo:
    text = text.upper()
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse(value: object, tz: tzinfo = UTC) -> datetime | None:
    """An aware datetime, or None when the value is not a date we can read."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 10**8:
        return datetime.fromtimestamp(float(value), UTC)     # a Unix time
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _ISO.match(text)
    if m:
        y, mo, d, h, mi, s, off, name = m.groups()
        try:
            when = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            return None
        if not off and name and name.upper() in _NAMED_ZONES:
            return when.replace(tzinfo=timezone(timedelta(hours=_NAMED_ZONES[name.upper()])))
        return when.replace(tzinfo=_offset(off) if off else tz)
    try:
        when = parsedate_to_datetime(text)          # RFC 822, as RSS writes it
    except (TypeError, ValueError, IndexError):
        return _in_words(text, tz)
    return when if when.tzinfo else when.replace(tzinfo=tz)


def _in_words(text: str, tz: tzinfo) -> datetime | None:
    """`May 6, 2018`, `6 May 2018`, `2018/05/06`: read as the build reads them (content.human_date)."""
    from sitegen.pipeline.read.content import human_date
    when = human_date(text)
    return None if when is None else when if when.tzinfo else when.replace(tzinfo=tz)


def iso(when: datetime) -> str:
    """ISO 8601 with seconds and an offset (never microseconds)."""
    return when.replace(microsecond=0).isoformat()


def from_file_name(stem: str, tz: tzinfo = UTC) -> tuple[datetime | None, str]:
    """(date, rest) of a Jekyll-style ``YYYY-MM-DD-title`` name; (None, stem) otherwise."""
    m = FILE_DATE.match(stem)
    if not m:
        return None, stem
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=tz), m.group(4)
    except ValueError:
        return None, stem
