"""The theme's words and dates in the site's language: gettext catalogues read with Babel, CLDR formats.

A theme keeps its catalogues in ``locale/<language>/LC_MESSAGES/messages.po`` (``de``, ``pt``,
``zh_Hans`` …), and so may the site, beside sitegen.toml: a site's catalogue is read over the
theme's, so it can change any string. The templates' English text is the message id, so English
needs no catalogue, and a string no catalogue translates shows in English (a build warns once;
`sitegen check` lists them). The catalogues are compiled when a build reads them: no .mo files.

The words the Markdown stage and the toolkit write themselves (heading anchors, callout titles,
the words of charts and tables) are messages of the default theme's catalogues: a site says them
from its own catalogue, then its theme's, then the default theme's (`own_words`).

Every function here takes the language it works in, so a page could one day have its own.
Babel is imported only when a language other than English is asked for.
"""

from __future__ import annotations

import gettext
import hashlib
import io
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitegen.config import CONFIG_NAME, _line_of
from sitegen.errors import Problem, SitegenError

DOMAIN = "messages"
LOCALE_DIR = "locale"

# The page titles and descriptions the build plans in English (site/pages.py), as message ids.
PAGE_MESSAGES = ("Tags", "Authors", "Search", "Archive", "Page not found", "This page does not exist.",
                 "All tags of %(title)s", "The authors of %(title)s", "Posts by %(name)s on %(title)s",
                 "Search the posts of %(title)s", "Every post of %(title)s by year", "Posts tagged “%(name)s”",
                 "(page %(number)s of %(total)s)", "%(title)s has moved")
PAGE_PLURALS = (("%(num)s posts tagged %(name)s on %(title)s", "%(num)s posts tagged %(name)s on %(title)s"),)


def is_english(language: str) -> bool:
    return language.replace("_", "-").split("-")[0].lower() == "en"


def parse_locale(language: str, config_text: str = "") -> Any:
    """The Babel Locale of a language tag ("de", "pt-BR", "zh-Hant"); an unknown one is an error
    naming sitegen.toml's `language` line and the known codes closest to it."""
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(language.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        import difflib

        from babel.localedata import locale_identifiers
        known = sorted(i.replace("_", "-") for i in locale_identifiers())
        wanted = language.replace("_", "-")
        primary = wanted.split("-")[0].lower()
        close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)
        close += [c for c in difflib.get_close_matches(primary, [k for k in known if "-" not in k], n=3, cutoff=0.6)
                  if c not in close]
        hint = f"did you mean {', '.join(repr(c) for c in close[:6])}?" if close else \
            'use a BCP 47 code Babel knows, such as "en", "de", "pt-BR" or "zh-Hans"'
        raise SitegenError(f"unknown language '{language}'", file=CONFIG_NAME,
                           line=_line_of(config_text, "language") if config_text else None, hint=hint) from None


def catalogue_names(language: str) -> list[str]:
    """The folder names a catalogue of this language may have, most specific first:
    de-CH -> de_CH, de; zh-TW -> zh_Hant_TW, zh_Hant, zh_TW, zh."""
    if language == "en":
        return ["en"]
    loc = parse_locale(language)
    parts = [loc.language, loc.script, loc.territory]
    names = []
    for keep in ((1, 1, 1), (1, 1, 0), (1, 0, 1), (1, 0, 0)):
        name = "_".join(p for p, k in zip(parts, keep) if p and k)
        if name not in names:
            names.append(name)
    return names


def _catalogue_file(folder: Path, language: str) -> Path | None:
    for name in catalogue_names(language):
        for spelled in (name, name.replace("_", "-")):
            path = folder / LOCALE_DIR / spelled / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                return path
    return None


def catalogue_reads(language: str, site_dir: Path, theme_dir: Path) -> list[str]:
    """Every place a catalogue of this language may be, as absolute paths: a page notes them as
    template reads (deps.TemplateResolver hashes an absolute name's file, or its absence), so a
    catalogue written, edited or removed renders again the pages that say its strings."""
    names = catalogue_names(language)
    return [str((folder / LOCALE_DIR / spelled / "LC_MESSAGES" / f"{DOMAIN}.po").absolute())
            for folder in (site_dir, theme_dir) for name in names
            for spelled in dict.fromkeys((name, name.replace("_", "-")))]


def catalogue_files(language: str, site_dir: Path, theme_dir: Path) -> list[Path]:
    """The catalogues a build of this language reads, the site's first."""
    return [p for p in (_catalogue_file(site_dir, language), _catalogue_file(theme_dir, language)) if p is not None]


def read_catalogue(path: Path, language: str, shown: str | None = None, blob: bytes | None = None) -> Any:
    """A .po file (its bytes, when the caller read them) as a Babel Catalog; a file that does not
    parse is an error naming its line."""
    from babel.messages.pofile import PoFileError, read_po
    folder = path.parents[3]           # <folder>/locale/<language>/LC_MESSAGES/messages.po
    if shown is None:
        shown = str(path.relative_to(folder) if (folder / CONFIG_NAME).is_file() else path)
    try:
        with io.BytesIO(blob) if blob is not None else path.open("rb") as f:
            return read_po(f, locale=language.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None) or None
        raise SitegenError(f"the catalogue does not parse: {exc}", file=shown, line=line,
                           hint="fix the .po syntax at that line (msgid \"…\" then msgstr \"…\")") from None
    except ValueError as exc:     # an unknown locale in the file's header
        raise SitegenError(f"the catalogue cannot be read: {exc}", file=shown) from None


def _compiled(path: Path, language: str, blob: bytes | None = None) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(path, language, blob=blob))      # empty and fuzzy entries are left out
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=16)
def _translations(language: str, files: tuple[tuple[Path, int, int], ...]) -> gettext.NullTranslations:
    return _chain(language, [path for path, _size, _mtime in files])


def translations(language: str, site_dir: Path, theme_dir: Path) -> gettext.NullTranslations:
    """The site's catalogue over the theme's over English, for gettext/ngettext."""
    files = catalogue_files(language, site_dir, theme_dir)
    stats = tuple((p, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _translations(language, stats)


# -- the words of the Markdown stage and the toolkit ---------------------------------------------

Words = tuple[str, str, tuple[str, ...]]     # (language, key of its catalogues' bytes, the catalogues)
_WORDS: dict[str, gettext.NullTranslations] = {}     # by key: compiled once (a server keeps the last few)


def words_catalogues(language: str, site_dir: Path, theme_dir: Path) -> list[Path]:
    """The catalogues the Markdown stage (markdown/labels.py) and the toolkit (charts and tables)
    say their words from in this language, the first that has a word first: the site's, its
    theme's, then the default theme's (their words are its messages, whatever the theme)."""
    from sitegen.pipeline.render.theme import builtin_themes_dir
    files = catalogue_files(language, site_dir, theme_dir)
    default = builtin_themes_dir() / "default"
    if theme_dir.resolve() != default.resolve():
        files += [p for p in (_catalogue_file(default, language),) if p is not None]
    return files


def own_words(language: str, site_dir: Path, theme_dir: Path) -> Words | None:
    """The catalogues of this language that say the Markdown stage's and the toolkit's words, when
    one of them is the site's own (in its folder, or its own theme's), with a key of their bytes
    for the cache of rendered posts; None when only sitegen's own say them (the stage reads those
    itself, and sitegen's version keys them). Read and compiled here, once a build and before its
    pools fork, so its workers find them (`words_gettext`). A few stats when there is none."""
    try:
        files = words_catalogues(language, site_dir, theme_dir)
    except SitegenError:
        return None          # an unknown language: the theme's install names its line of sitegen.toml
    from sitegen.pipeline.render.theme import builtin_themes_dir
    builtin = builtin_themes_dir().resolve()
    if all(p.resolve().is_relative_to(builtin) for p in files):
        return None
    blobs = [p.read_bytes() for p in files]
    digest = hashlib.sha256(language.encode())
    for blob in blobs:
        digest.update(len(blob).to_bytes(8, "big") + blob)
    key = digest.hexdigest()
    if key not in _WORDS:
        _WORDS[key] = _chain(language, files, blobs)
        while len(_WORDS) > 16:
            del _WORDS[next(iter(_WORDS))]
    return language, key, tuple(str(p) for p in files)


def _chain(language: str, files: list[Path], blobs: list[bytes] | None = None) -> gettext.NullTranslations:
    """The catalogues compiled, the first over the next, the last over English (the message ids);
    `blobs`: their bytes, when the caller read them."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    for i in reversed(range(len(files))):
        top = _compiled(files[i], language, blobs[i] if blobs is not None else None)
        top.add_fallback(chain)
        chain = top
    return chain


def words_gettext(words: Words) -> Callable[[str], str]:
    """gettext of the catalogues `own_words` found: compiled then, in this process or the one it
    forked from; else (the command line's edit path, whose site comes from a snapshot) read now."""
    language, key, files = words
    tr = _WORDS.get(key)
    if tr is None:
        paths = [Path(f) for f in files]
        tr = _WORDS[key] = _chain(language, paths, [p.read_bytes() for p in paths])
    return tr.gettext


def _translated(files: list[Path], language: str) -> set[str]:
    done: set[str] = set()
    for path in files:
        for m in read_catalogue(path, language):
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple | list) else m.string):
                done.add(m.id[0] if isinstance(m.id, tuple | list) else m.id)
    return done


def gaps(language: str, site_dir: Path, theme_dir: Path) -> tuple[list[str], str]:
    """The message ids the templates use that no catalogue of this language translates, then the
    Markdown stage's and the toolkit's words that none of theirs does (words_catalogues: the
    default theme's too, whatever the theme), and the catalogue to add them to (as shown to the
    writer). English has none."""
    shown = f"{LOCALE_DIR}/{catalogue_names(language)[-1]}/LC_MESSAGES/{DOMAIN}.po"
    if is_english(language):
        return [], shown
    from sitegen.pipeline.markdown import labels
    from sitegen.toolkit import hooks
    done = _translated(catalogue_files(language, site_dir, theme_dir), language)
    wanted = used_messages([site_dir / "templates", theme_dir / "templates"])
    missing = [w for w in wanted if w not in done]
    words = [w for w in dict.fromkeys([*labels.MESSAGES, *hooks.words()]) if w not in wanted]
    if words:        # (the default theme's templates list them already: its catalogue is theirs)
        said = _translated(words_catalogues(language, site_dir, theme_dir), language)
        missing += [w for w in words if w not in said]
    return missing, shown


def used_messages(folders: list[Path]) -> list[str]:
    """Every message id (the singular of a plural) of the templates in these folders and of the
    page titles, in order of first use; with the default theme's, the toolkit's words and the
    Markdown stage's labels too (its catalogues hold them, for any theme: words_catalogues)."""
    from babel.messages.extract import extract
    found: dict[str, None] = dict.fromkeys(PAGE_MESSAGES)
    found.update(dict.fromkeys(s for s, _ in PAGE_PLURALS))
    from sitegen.pipeline.render.theme import builtin_themes_dir
    if any(f.resolve() == (builtin_themes_dir() / "default" / "templates").resolve() for f in folders):
        # charts and tables, and the Markdown's own labels, say their words from the default theme's catalogues
        from sitegen.pipeline.markdown import labels
        from sitegen.toolkit import hooks
        found.update(dict.fromkeys(hooks.words()))
        found.update(dict.fromkeys(labels.MESSAGES))
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true",
               "newstyle_gettext": "true"}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            with path.open("rb") as f:
                for _line, message, _comments, _context in extract("jinja2.ext:babel_extract", f, options=options):
                    found[message[0] if isinstance(message, tuple) else message] = None
    return list(found)


def gap_problems(language: str, site_dir: Path, theme_dir: Path) -> list[Problem]:
    """For `sitegen check`: one problem per string that shows in English on a site in another language."""
    missing, shown = gaps(language, site_dir, theme_dir)
    return [Problem(f"no {language} translation of the theme string {m!r}: it shows in English", shown, None,
                    "add it to the site's catalogue (msgid, then msgstr in your language)") for m in missing]


def build_warnings(language: str, site_dir: Path, theme_dir: Path) -> list[str]:
    """The build report's one line about strings that fell back to English (none for English)."""
    if is_english(language):
        return []
    from sitegen.pipeline.render.theme import builtin_themes_dir
    if not (site_dir / "templates").is_dir() and theme_dir.parent.resolve() == builtin_themes_dir().resolve():
        return []        # sitegen's own themes say every string in every language they ship (tests/test_i18n.py)
    missing, shown = gaps(language, site_dir, theme_dir)
    if not missing:
        return []
    listed = ", ".join(repr(m) for m in missing[:3]) + (" …" if len(missing) > 3 else "")
    return [f"{len(missing)} theme string{'s' if len(missing) != 1 else ''} without a {language} translation "
            f"show in English ({listed}); `sitegen check` lists them, {shown} in the site folder adds them"]


@lru_cache(maxsize=8)
def _locale(language: str) -> Any:
    return parse_locale(language)


# -- dates -------------------------------------------------------------------------------------

# The theme's strftime formats and the CLDR forms that say the same in any language.
_CLDR_FORMS = {"%-d %B %Y": "long", "%-d %b %Y": "medium", "%-d %b": "MMMd", "%B %Y": "yMMMM", "%b %Y": "yMMM",
               "%-d %B": "MMMMd", "%Y": "y"}


def format_date(value: date | datetime, language: str, fmt: str = "%-d %B %Y") -> str:
    """A date in the language's CLDR form: "4 March 2026", "4. März 2026", "2026年3月4日".

    English keeps Python's strftime output; the theme's formats map to CLDR patterns or
    skeletons; any other strftime format gets the language's month and day names."""
    if is_english(language):
        return value.strftime(fmt)
    from babel import dates
    loc = _locale(language)
    form = _CLDR_FORMS.get(fmt)
    if form in ("long", "medium"):
        return str(dates.format_date(value, form, locale=loc))
    if form is not None:
        return str(dates.format_skeleton(form, value, locale=loc))
    names = {"%B": "MMMM", "%b": "MMM", "%A": "EEEE", "%a": "EEE"}
    out = fmt
    for directive, pattern in names.items():
        if directive in out:
            out = out.replace(directive, dates.format_date(value, pattern, locale=loc).replace("%", "%%"))
    return value.strftime(out)


def language_name(code: str, language: str) -> str:
    """A language's name in another language, from CLDR: ("de", "fr") -> "allemand",
    ("zh-Hant", "en") -> "Chinese (Traditional)", ("pt-BR", "pt") -> "português (Brasil)"."""
    return str(parse_locale(code).get_display_name(_locale(language)))


# -- the Jinja side --------------------------------------------------------------------------------

def install(env: Any, language: str, folders: tuple[Path, Path] | None) -> gettext.NullTranslations | None:
    """Give the environment gettext in this language (newstyle: `_("…", name=…)` and {% trans %})
    from the catalogues of the site and theme folders; None when it says the message ids (English).
    An unknown language is an error naming sitegen.toml's line."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    if folders is None or (language == "en" and not catalogue_files(language, *folders)):
        env.install_null_translations(newstyle=True)
        return None
    config = folders[0] / CONFIG_NAME
    parse_locale(language, config.read_text("utf-8") if config.is_file() else "")
    tr = translations(language, *folders)
    env.install_gettext_translations(tr, newstyle=True)
    return tr


def localized_page(page: Any, site: Any, tr: gettext.NullTranslations) -> Any:
    """The page with the title and description the build planned in English (site/pages.py) said
    in the catalogue's language; the writer's own titles stay. English gives the same strings."""
    import dataclasses
    _, kind, pager, site_title = tr.gettext, page.kind, page.pager, site.config.title
    more = ""
    if pager is not None and pager.number > 1:
        more = " " + _("(page %(number)s of %(total)s)") % {"number": pager.number, "total": pager.total}
    fixed = {"tags": ("Tags", "All tags of %(title)s"), "authors": ("Authors", "The authors of %(title)s"),
             "search": ("Search", "Search the posts of %(title)s"), "archive": ("Archive", "Every post of %(title)s by year"),
             "404": ("Page not found", "This page does not exist.")}
    if kind in fixed:
        title, description = fixed[kind]
        return dataclasses.replace(page, title=_(title), description=_(description).replace("%(title)s", site_title))
    if kind == "index" and more:
        return dataclasses.replace(page, title=site_title + more)
    if kind == "tag" and page.tag is not None:
        tag = site.tags[page.tag]
        single, plural = PAGE_PLURALS[0]
        return dataclasses.replace(
            page, title=_("Posts tagged “%(name)s”").replace("%(name)s", tag.name) + more,
            description=tr.ngettext(single, plural, len(tag.posts)) % {"num": len(tag.posts), "name": tag.name,
                                                                      "title": site_title})
    if kind == "author" and page.author is not None:
        author = site.authors[page.author]
        return dataclasses.replace(page, title=author.name + more, description=author.tagline or _(
            "Posts by %(name)s on %(title)s") % {"name": author.name, "title": site_title})
    if kind == "redirect":
        return dataclasses.replace(page, description=_("%(title)s has moved").replace("%(title)s", page.title))
    return page
