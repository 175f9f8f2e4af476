"""The words charts and tables say, in the page's language.

They are message ids of the default theme's gettext catalogues
(themes/default/locale/<language>/LC_MESSAGES/messages.po), beside the templates' own strings:
`MESSAGES` lists them for the catalogue tests and for `pybabel`'s template. An English page says
the message ids and never imports Babel; another language reads the catalogue that ships with
sitegen (the build caches a post's HTML by sitegen's version, and the catalogue is part of it).
A caller with catalogues of its own over that one (a site's, its theme's) passes their `gettext`
in: the build does, and keys its cache by them too.
Lists of names are joined by CLDR's list pattern ("A, B und C", "A、B和C").
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

Gettext = Callable[[str], str]      # a message id -> its text in one language

# Every string the toolkit says, as the catalogues hold them.
MESSAGES = (
    "Source: %(source)s",
    "no data",
    "Data table",
    "Total",
    "Line chart",
    "Bar chart",
    "Grouped bar chart",
    "Stacked bar chart",
    "%(chart)s of %(series)s by %(x)s, from %(first)s to %(last)s.",
    "%(chart)s of %(series)s by %(x)s, for %(x_value)s.",
    "%(series)s is %(value)s throughout.",
    "%(series)s ranges from %(low)s (%(low_x)s) to %(high)s (%(high_x)s).",
    "The total ranges from %(low)s (%(low_x)s) to %(high)s (%(high_x)s).",
)


def _is_english(language: str) -> bool:
    return language.replace("_", "-").split("-")[0].lower() == "en"


def _catalogue_file(language: str) -> Path | None:
    """The default theme's catalogue of a language, most specific first (de-CH: de_CH, then de;
    zh-TW: zh_Hant_TW, zh_Hant, zh_TW, zh), as the theme's own lookup does."""
    import sitegen
    package = Path(sitegen.__file__).resolve().parent          # installed: sitegen/themes; from source: ../themes
    themes = package / "themes" if (package / "themes" / "default").is_dir() else package.parent / "themes"
    loc = _locale(language)
    parts = [loc.language, loc.script, loc.territory]
    for keep in ((1, 1, 1), (1, 1, 0), (1, 0, 1), (1, 0, 0)):
        name = "_".join(p for p, k in zip(parts, keep) if p and k)
        path = themes / "default" / "locale" / name / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            return path
    return None


def _locale(language: str) -> Any:
    from babel import Locale
    return Locale.parse(language.replace("_", "-"), sep="-")


@lru_cache(maxsize=32)
def translations(language: str) -> gettext.NullTranslations:
    """The default theme's catalogue of this language over English (the message ids)."""
    if _is_english(language):
        return gettext.NullTranslations()
    path = _catalogue_file(language)
    if path is None:
        return gettext.NullTranslations()
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    with path.open("rb") as f:
        catalogue = read_po(f, locale=language.replace("-", "_"))
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)          # empty and fuzzy entries are left out: they fall back to English
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Words:
    """`_("…", name=value)` for one language; `names([...])` joins a list the language's way.
    `gettext`: the caller's own (a site's catalogues over the default theme's); else the default
    theme's catalogue of the language."""

    def __init__(self, language: str = "en", gettext: Gettext | None = None) -> None:
        self.language = language
        self._gettext = gettext if gettext is not None else translations(language).gettext

    def __call__(self, message: str, **values: Any) -> str:
        text = self._gettext(message)
        return text % values if values else text

    def names(self, items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        if _is_english(self.language):          # the English the charts always said: "A, B and C"
            return ", ".join(items[:-1]) + " and " + items[-1]
        from babel.lists import format_list
        return str(format_list(items, locale=_locale(self.language)))


__all__ = ["MESSAGES", "Gettext", "Words", "translations"]
