"""The languages of a multilingual Hugo site: `[languages.<code>]` in its config (or in
config/_default/languages.toml), each language's `contentDir`, a file's language suffix
(`post.de.md`, `index.de.md`) and `translationKey`, as Hugo pairs translations."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from sitegen.importers import sourcefm
from sitegen.importers.model import Entry, LanguageInfo, Source

_LANG = re.compile(r"^(.+)\.([a-z]{2}(?:-[a-z]{2,4})?)$", re.I)


def split_lang(stem: str) -> tuple[str, str]:
    """Hugo's translation by file name: ``post.fr`` -> (``post``, ``fr``); ``post`` -> (``post``, "")."""
    m = _LANG.match(stem)
    return (m.group(1), m.group(2).lower()) if m else (stem, "")



def languages(root: Path, config: dict[str, Any], source: Source, names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The languages the config declares (`[languages.de]`, in hugo.toml or config/_default/languages.toml),
    by lowercase code, their settings' keys lowercased; a disabled one is left out. Each is noted in
    `source.languages` with its title, description, weight and the config line that declares it."""
    table = config.get("languages")
    if not isinstance(table, dict):
        return {}
    disabled = config.get("disablelanguages")
    off = {str(c).lower() for c in (disabled if isinstance(disabled, list) else [disabled] if disabled else [])}
    files = config_files(root, names)
    out: dict[str, dict[str, Any]] = {}
    for code, raw in table.items():
        settings = {str(k).lower(): v for k, v in raw.items()} if isinstance(raw, dict) else {}
        code = str(code).lower()
        out[code] = settings
        if code in off or settings.get("disabled") is True:
            settings["disabled"] = True         # its files are read to be left out, not imported
            continue
        params = settings.get("params")
        description = settings.get("description") or \
            ({str(k).lower(): v for k, v in params.items()}.get("description") if isinstance(params, dict) else None)
        weight = settings.get("weight")
        where, line = declared_at(files, code)
        source.languages[code] = LanguageInfo(
            code, str(settings.get("title") or ""), str(description or ""),
            weight if isinstance(weight, int) and not isinstance(weight, bool) else None,
            str(settings.get("languagecode") or ""), where, line)
    return out


def config_files(root: Path, names: tuple[str, ...]) -> list[Path]:
    """The config files that may declare languages."""
    return [root / n for n in names] + [root / "config" / "_default" / n for n in names] + \
        sorted((root / "config" / "_default").glob("languages.*"))


def declared_at(files: list[Path], code: str) -> tuple[str, int | None]:
    """The config file and line that declare a language (`[languages.de]`, `de:`, `"de": {`)."""
    pattern = re.compile(rf'(?:languages\.|^\s*\[|^\s*"?){re.escape(code)}(?:"?\s*[:\]=]|\])', re.I | re.M)
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text("utf-8", "replace")
        for n, line in enumerate(text.splitlines(), 1):
            if pattern.search(line) and ("language" in text[:text.find(line) + len(line)].lower()):
                return str(path), n
    return "", None


def areas(root: Path, config: dict[str, Any], content: Path, given: Path,
           declared: dict[str, dict[str, Any]]) -> list[tuple[Path, str]]:
    """The content folders to read and their language ("" for the shared one, where a file's suffix
    or the default language decides): each language's `contentDir` or module mount (`lang`), and the
    site's content folder.
    A folder given inside one language's folder is read alone."""
    own = []
    for code, settings in declared.items():
        named = settings.get("contentdir")
        if isinstance(named, str) and named and (root / named).is_dir():
            own.append((root / named, code))
    module = config.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    for mount in mounts if isinstance(mounts, list) else []:     # [[module.mounts]] source, target = "content", lang
        if not isinstance(mount, dict):
            continue
        lang, named = str(mount.get("lang") or "").lower(), str(mount.get("source") or "")
        if mount.get("target") == "content" and lang in declared and named and (root / named).is_dir():
            own.append((root / named, lang))
    for folder, code in own:
        if given.resolve().is_relative_to(folder.resolve()):
            return [(folder, code)]
    shared = root / str(config.get("contentdir") or "content")
    areas = sorted(own, key=lambda a: a[0].as_posix())
    if shared.is_dir() and all(shared.resolve() != f.resolve() for f, _ in own):
        areas.append((shared, ""))
    return areas or [(content, "")]


def mark_language(entry: Entry, path: Path, area: Path, area_lang: str, doc: sourcefm.Parsed, *,
                  declared: dict[str, dict[str, Any]], default_lang: str) -> None:
    """A multilingual site's entry: its language (the file's suffix, else its content folder's, else
    the default) and what links it to its translations (`translationKey`, else its path in its
    content folder without the language, as Hugo pairs them)."""
    stem, lang = split_lang(path.stem)
    entry.language = lang if lang in declared else area_lang or default_lang
    meta = {str(k).lower(): v for k, v in doc.meta.items()}
    key = meta.get("translationkey")
    if isinstance(key, (str, int)) and str(key).strip():
        entry.translation_key = str(key).strip()
        entry.key_line = doc.key_lines.get("translationKey", doc.key_lines.get("translationkey"))
        return
    rel = path.relative_to(area).parent.as_posix()
    entry.translation_key = posixpath.normpath(posixpath.join(rel, stem))
