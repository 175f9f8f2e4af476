"""Reading and writing numbers the way an analyst writes them.

Parsing (`parse_number`) is strict on purpose: ``1,234``, ``1234``, ``-12.5`` and ``0.75``
are numbers; ``12%``, ``$40k``, ``n/a`` or ``1,23`` are not. A cell that should hold a number
but holds text is reported, never guessed at.

Formatting (`format_number`, `format_value`) writes thousands separators (``550,000``) and
attaches a unit:

* ``%``, ``‰``, ``°``, ``°C``, ``°F`` are glued to the number: ``12.5%``;
* a currency symbol (``$ € £ ¥ ₹ ₩ US$ C$ A$ HK$ NT$ R$``) is a glued prefix: ``$45,000``;
* an ISO currency code (``USD EUR GBP CNY RMB JPY …``) is a prefix with a space: ``USD 45,000``;
* a currency followed by more words keeps those words after the number:
  ``$ bn`` gives ``$12 bn``, ``USD million`` gives ``USD 12 million``;
* any other unit follows the number after a space: ``550,000 units``, ``75 kWh``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, cast

Number = int | float

GLUED_UNITS = frozenset({"%", "‰", "°", "°C", "°F"})
CURRENCY_SYMBOLS = frozenset({"$", "€", "£", "¥", "₹", "₩", "US$", "C$", "A$", "HK$", "NT$", "R$"})
CURRENCY_CODES = frozenset({
    "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "KRW", "INR", "CAD", "AUD", "CHF", "SEK",
    "NOK", "DKK", "HKD", "TWD", "BRL", "MXN", "SGD", "NZD", "PLN", "TRY", "ZAR", "THB",
})

_NUMBER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


def parse_number(text: Any) -> Number:
    """Parse a number as written in a data file. Raises ValueError if it is not one.

    Accepts ints and floats unchanged (but not booleans), and strings such as ``1,234``,
    ``-12.5`` or ``.5`` (surrounding spaces ignored, U+2212 minus accepted). Returns an int
    when the text has no decimal point, else a float.
    """
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(text, int):
        return text
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise ValueError(f"{text!r} is not a finite number")
        return text
    if isinstance(text, Decimal):
        return parse_number(str(text))
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a number")
    s = text.strip().replace("\u2212", "-")
    if not _NUMBER_RE.fullmatch(s):
        raise ValueError(f"{text!r} is not a number")
    s = s.replace(",", "")
    if "." in s:
        return float(s)
    return int(s)


def is_number(text: Any) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def is_blank(value: Any) -> bool:
    """An empty cell: None or a string of only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def decimals_of(text: Any) -> int:
    """How many decimals the value was written with (``12.50`` -> 2, ``3`` -> 0)."""
    if isinstance(text, bool) or text is None:
        return 0
    if isinstance(text, int):
        return 0
    s = repr(float(text)) if isinstance(text, float) else str(text).strip()
    if "e" in s or "E" in s:
        return 0
    if "." not in s:
        return 0
    return len(s.split(".", 1)[1])


def _to_decimal(value: Number | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    # Round binary noise away (0.1 + 0.2 -> 0.3) before showing a float.
    return Decimal(f"{value:.12g}")


def format_number(value: Number | Decimal, decimals: int | None = None, language: str = "en") -> str:
    """``550000`` -> ``550,000``; ``1234.5`` -> ``1,234.5``; ``decimals`` fixes the places.

    In another language than English the digits group and the decimals separate as its CLDR
    data says: ``18,5`` and ``550.000`` in German, ``12,34,567`` in Hindi."""
    d = _to_decimal(value)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{d:,f}"
    else:
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))
        else:
            d = d.normalize()
        text = f"{d:,f}"
    if text.startswith("-") and set(text[1:]) <= set("0.,"):
        text = text[1:]  # no "-0"
    if language.replace("_", "-").split("-")[0].lower() != "en":
        text = _localized(text, language)
    return text


@lru_cache(maxsize=8)
def _locale(language: str) -> Any:
    from babel import Locale
    return Locale.parse(language.replace("_", "-"), sep="-")


def _localized(text: str, language: str) -> str:
    """An English-written number (``-1,234.50``) in the language's CLDR symbols and grouping."""
    from babel.numbers import format_decimal, get_decimal_symbol, get_minus_sign_symbol
    loc = _locale(language)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.replace(",", "").partition(".")
    out = format_decimal(int(whole), locale=loc) + (get_decimal_symbol(loc) + fraction if fraction else "")
    return (get_minus_sign_symbol(loc) if sign else "") + out


def split_unit(unit: str | None) -> tuple[str, str, str]:
    """Split a unit into (prefix, joiner, suffix) used around the number.

    Returns ``("$", "", "")`` for ``$``, ``("USD", " ", " bn")`` for ``USD bn``,
    ``("", "", "%")`` for ``%`` and ``("", "", " kWh")`` for ``kWh``.
    """
    u = (unit or "").strip()
    if not u:
        return "", "", ""
    if u in GLUED_UNITS:
        return "", "", u
    first, _, rest = u.partition(" ")
    rest = rest.strip()
    tail = f" {rest}" if rest else ""
    if first in CURRENCY_SYMBOLS:
        return first, "", tail
    if first in CURRENCY_CODES:
        return first, " ", tail
    return "", "", f" {u}"


def is_currency(unit: str | None) -> bool:
    return bool(split_unit(unit)[0])


def format_value(value: Number | Decimal, unit: str | None = None, decimals: int | None = None,
                 language: str = "en") -> str:
    """A number with its unit, following the rules in the module docstring (the number in the
    language's CLDR form: ``18,5 kWh`` on a German page)."""
    prefix, joiner, suffix = split_unit(unit)
    body = format_number(cast("Number | Decimal", abs(value)), decimals, language)
    negative = value < 0 and any(c.isdigit() and c != "0" for c in body)
    minus = _minus(language) if negative else ""       # CLDR's sign: "−12" in Swedish, "-12" in German
    if joiner:  # "USD -45,000"
        return f"{prefix}{joiner}{minus}{body}{suffix}"
    return f"{minus}{prefix}{body}{suffix}"


def _minus(language: str) -> str:
    if language.replace("_", "-").split("-")[0].lower() == "en":
        return "-"
    from babel.numbers import get_minus_sign_symbol
    return str(get_minus_sign_symbol(_locale(language)))


def round_to(value: Number | Decimal, places: int) -> Decimal:
    """Round half up to ``places`` decimals (negative places round to tens, hundreds, …)."""
    try:
        return _to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - more digits than the context allows
        return _to_decimal(value)
