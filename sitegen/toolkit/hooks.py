"""The analyst's toolkit as the build sees it: three hooks, and nothing else.

The build loads the data files, hands fenced `chart` and `table` blocks to the renderers
here, and expands `{{ fact("...") }}` in post bodies. Nothing in the toolkit imports the build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

BlockRenderer = Callable[[str, str, int], str]      # (info string, body, line) -> HTML
Expander = Callable[[str, str, int], str]           # (Markdown, file, first line) -> Markdown


def words() -> tuple[str, ...]:
    """The message ids charts and tables say: the default theme's catalogues hold them beside its
    templates' strings (the toolkit reads them from there in the page's language)."""
    from sitegen.toolkit.words import MESSAGES
    return MESSAGES


def gettext(language: str) -> Callable[[str], str]:
    """gettext in a language from the default theme's catalogues, as charts and tables say their
    words (English: the message ids, without Babel). The Markdown stage's own labels use it too."""
    from sitegen.toolkit.words import translations
    return translations(language).gettext


def load_data(site_dir: Path) -> dict[str, Any]:
    """Every file in data/, by name (errors name the file and line)."""
    if not (site_dir / "data").is_dir():
        return {}       # (as load_data answers, without its imports: CSV, YAML, numbers)
    from sitegen.toolkit.data import load_data as load
    return load(site_dir / "data", rel_to=site_dir)


def blocks(data: dict[str, Any], file: str, language: str = "en",
           gettext: Callable[[str], str] | None = None) -> dict[str, BlockRenderer]:
    """The fenced-block renderers for one post (numbers in the CLDR form of its `language`).
    `gettext`: where their words come from when a site has catalogues of its own (else the
    default theme's, as `gettext(language)` below)."""
    # (charts is imported by a post with a chart or table fence, not by every post)
    def chart(info: str, body: str, line: int) -> str:
        from sitegen.toolkit import charts
        return charts.render_chart(body, data, file=file, line=line, language=language, gettext=gettext)

    def table(info: str, body: str, line: int) -> str:
        from sitegen.toolkit import charts
        return charts.render_table(body, data, file=file, line=line, language=language, gettext=gettext)

    return {"chart": chart, "table": table}


def fact_expander(data: dict[str, Any], language: str = "en") -> Expander | None:
    """What expands `{{ fact("...") }}` in a post body; None when there is no data/facts file."""
    if "facts" not in data:
        return None
    from sitegen.toolkit.facts import Facts, expand_facts
    facts = Facts.from_data(data)
    return lambda body, file, first_line: expand_facts(body, facts, file=file, first_line=first_line, language=language)
