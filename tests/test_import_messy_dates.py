"""Dates as real posts write them, read by the importers' date reader (sitegen.importers.dates)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from sitegen.importers.dates import from_file_name, parse

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("text", "expected"), [
    ("May 6, 2018", "2018-05-06T00:00:00+02:00"),                     # Ruby's Time.parse, Hugo's cast.ToTime
    ("Jul 08 2022", "2022-07-08T00:00:00+02:00"),                     # Astro's blog template
    ("6 May 2018", "2018-05-06T00:00:00+02:00"),
    ("May 6th, 2018", "2018-05-06T00:00:00+02:00"),
    ("Sept 3, 2020 14:05", "2020-09-03T14:05:00+02:00"),
    ("2018/05/06", "2018-05-06T00:00:00+02:00"),
    ("2021-03-04 10:20:30 +0100 CET", "2021-03-04T10:20:30+01:00"),   # Go's default time format
    ("2021-03-04 10:20:30.123456789 +0000 UTC", "2021-03-04T10:20:30+00:00"),
    ("2018-10-01 21:30:00 PDT", "2018-10-01T21:30:00-07:00"),         # a zone name without an offset
    ("2018-04-01 07:30:00.000000000 +02:00", "2018-04-01T07:30:00+02:00"),
])
def test_dates_in_the_forms_real_posts_use(text: str, expected: str) -> None:
    when = parse(text, BERLIN)
    assert when is not None and when.isoformat() == expected


@pytest.mark.parametrize("text", ["Mayo 3 2020", "2019-02-30", "soon", "32 May 2018"])
def test_what_is_not_a_date_stays_unread(text: str) -> None:
    assert parse(text, BERLIN) is None


def test_a_jekyll_file_name_with_one_digit_month_and_day() -> None:
    when, rest = from_file_name("2018-9-3-short", BERLIN)
    assert when is not None and when.isoformat() == "2018-09-03T00:00:00+02:00" and rest == "short"
