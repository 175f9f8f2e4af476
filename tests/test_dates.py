"""Dates in front matter: ISO 8601 always; the forms people and other tools write when they can
mean only one day; an error naming the line otherwise, saying why when the day is ambiguous."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitegen.errors import SitegenError
from sitegen.pipeline.read.content import to_datetime

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(("written", "expected"), [
    ("2026-11-01", datetime(2026, 11, 1)),
    ("2026-11-01 10:00:00 +0100", datetime(2026, 11, 1, 9, 0)),
    ("Nov 1, 2026", datetime(2026, 11, 1)),
    ("November 1, 2026", datetime(2026, 11, 1)),
    ("1 November 2026 14:30", datetime(2026, 11, 1, 14, 30)),
    ("1 nov 2026", datetime(2026, 11, 1)),
    ("2026/11/01", datetime(2026, 11, 1)),
    ("Sun, 01 Nov 2026 10:00:00 +0100", datetime(2026, 11, 1, 9, 0)),
])
def test_a_date_that_can_mean_only_one_day_is_read(written: str, expected: datetime) -> None:
    assert to_datetime(written, UTC, "p.md", 3, "date") == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(("written", "why"), [
    ("01/11/2026", "could be day/month or month/day"),
    ("Nov 31, 2026", ""),
    ("next Tuesday", ""),
    ("2026-13-45", ""),
])
def test_a_date_that_is_not_one_day_is_an_error_with_its_line(written: str, why: str) -> None:
    with pytest.raises(SitegenError) as raised:
        to_datetime(written, UTC, "p.md", 3, "date")
    problem = raised.value.problems[0]
    assert (problem.file, problem.line) == ("p.md", 3) and f"invalid date '{written}'" in problem.message
    assert why in problem.message and "YYYY-MM-DD" in (problem.hint or "")


def test_a_day_past_twelve_is_not_called_ambiguous() -> None:
    with pytest.raises(SitegenError) as raised:
        to_datetime("25/11/2026", UTC, "p.md", 3, "date")
    assert "could be" not in raised.value.problems[0].message
