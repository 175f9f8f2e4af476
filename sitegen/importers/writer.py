"""Turn imported entries into the files of a sitegen site, and write them without overwriting.

`plan()` decides every path (unique file names and slugs, files beside their entry), makes
old URLs into aliases, points links between imported entries at their new files, gives every
image alt text, and checks the result against what is already on disk. `write()` writes the
plan only when nothing in it would overwrite a different file: a second run on the same
input finds every file already there, byte for byte, and writes nothing.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen import safeyaml, urls
from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.importers import existing, fmwrite, languages, links, resolve, sourcefm
from sitegen.importers.addresses import RESERVED
from sitegen.importers.model import AuthorInfo, Entry, FileSource, Source
from sitegen.importers.spaced import angle_spaced_links


@dataclass
class Plan:
    files: dict[str, FileSource] = field(default_factory=dict)     # site-relative path -> content
    posts: int = 0
    pages: int = 0
    drafts: int = 0
    authors: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    languages: languages.Languages | None = None     # a multilingual import's languages and their counts
    keys: dict[str, str] = field(default_factory=dict)  # content-relative path -> translation_key to write


def _authors(source: Source, site_dir: Path, plan: Plan) -> dict[str, str]:
    """Author key -> id; authors.yaml planned when the site has none."""
    used = sorted({k for e in source.entries for k in e.authors if k in source.authors})
    ids: dict[str, str] = {}
    chosen: dict[str, AuthorInfo] = {}
    for key in used:
        # a login that is an e-mail address never becomes an id: the display name does
        aid = (urls.slugify(key) if "@" not in key else "") or urls.slugify(source.authors[key].name) or "author"
        ids[key] = aid                      # ids that differ only in case are one author
        chosen.setdefault(aid, source.authors[key])
    path = next((p for p in (site_dir / "content" / n for n in ("authors.yaml", "authors.yml")) if p.is_file()), None)
    wanted = fmwrite.authors_yaml(chosen).encode("utf-8")
    if path is None or (path.name == "authors.yaml" and path.read_bytes() == wanted):
        if chosen:
            plan.files["content/authors.yaml"] = wanted
        plan.authors = sorted(chosen)
        return ids
    try:
        existing = safeyaml.safe_load(path.read_text("utf-8")) or {}
    except UnicodeDecodeError as exc:
        raise SitegenError("the site's authors file is not valid UTF-8", file=str(path),
                           line=path.read_bytes()[: exc.start].count(b"\n") + 1,
                           hint="save it as UTF-8 (sitegen reads only UTF-8), then run the import again") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SitegenError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", file=str(path),
                           line=mark.line + 1 if mark else None,
                           hint="fix the site's authors file, then run the import again") from None
    known = {str(k): str((v or {}).get("name") or k) for k, v in existing.items()} if isinstance(existing, dict) else {}
    by_name = {name.casefold(): aid for aid, name in known.items()}
    for key, aid in list(ids.items()):
        if aid in known:
            continue
        match = by_name.get(source.authors[key].name.casefold())
        if match:
            ids[key] = match
            continue
        plan.errors.append(Problem(f"author '{source.authors[key].name}' is not in {path.name}, and sitegen never "
                                   "edits a file it did not write", f"content/{path.name}", None,
                                   f"add it, then run the import again:\n      {aid}:\n        name: "
                                   f"{fmwrite.q(source.authors[key].name)}"))
    plan.authors = sorted(set(ids.values()))
    return ids


def _clean_tags(entry: Entry, plan: Plan) -> list[str]:
    seen: dict[str, str] = {}
    for tag in entry.tags:
        tag = " ".join(str(tag).split())
        slug = urls.slugify(tag)
        if not slug:
            if tag:
                plan.warnings.append(Problem(f"tag '{tag}' has no letters or digits: left out", entry.source, entry.line))
            continue
        seen.setdefault(slug, tag)
    return list(seen.values())


_NOT_XML = sourcefm.NOT_XML


def _control_characters(source: Source, warnings: list[Problem]) -> None:
    """Remove the characters XML refuses from every text an entry carries (a vertical tab pasted
    from Word stopped the build with an XML error); one report per entry, at the first one."""
    for e in source.entries:
        count = 0
        first: int | None = None
        for name in ("title", "body", "summary", "slug", "stem", "cover", "cover_alt", "folder"):
            value = getattr(e, name)
            found = _NOT_XML.search(value)
            if found is None:
                continue
            if name == "body" and first is None and e.body_line:
                first = e.body_line + value.count("\n", 0, found.start())
            count += len(_NOT_XML.findall(value))
            setattr(e, name, _NOT_XML.sub("", value))
        for name in ("tags", "authors", "old_urls"):
            values = getattr(e, name)
            count += sum(len(_NOT_XML.findall(v)) for v in values)
            setattr(e, name, [_NOT_XML.sub("", v) for v in values])
        if count:
            warnings.append(Problem(f"{count} control character(s) that XML refuses (such as a vertical tab) were "
                                    "removed", e.source, first or e.line))
        e.title = " ".join(e.title.split()) or "Untitled"     # one line (a title with a \r broke the social card)
    for key, info in list(source.authors.items()):
        if _NOT_XML.search(info.name + info.bio):
            source.authors[key] = AuthorInfo(_NOT_XML.sub("", info.name), _NOT_XML.sub("", info.bio), info.links)
    for name in ("title", "description"):
        setattr(source, name, _NOT_XML.sub("", getattr(source, name)))


def _unreadable_images(source: Source, warnings: list[Problem]) -> None:
    """Leave out the images the build could not publish (a truncated upload, a page of HTML saved as
    .png): the build would stop on them. Links to them are then handled as links to a missing file."""
    from sitegen.pipeline import media as image_probe  # sitegen.images' check, as the build reads images

    def bad(name: str, data: FileSource) -> str | None:
        if not image_probe.is_image(name):
            return None
        try:
            image_probe.probe(data.read_bytes() if isinstance(data, Path) else data, name)
        except image_probe.BadImage as exc:
            return str(exc)
        except OSError as exc:
            return f"it cannot be read ({exc.strerror or exc})"
        return None

    for e in source.entries:
        for ref, data in sorted(e.files.items()):
            why = bad(ref, data)
            if why:
                del e.files[ref]
                warnings.append(Problem(f"the image {ref} was not copied: {why}", e.source, e.line))
    for rel, data in sorted(source.site_files.items()):
        why = bad(rel, data)
        if why:
            del source.site_files[rel]
            shown = str(data) if isinstance(data, Path) else rel
            warnings.append(Problem(f"the image /{rel} was not copied: {why}", shown, None))


def plan(source: Source, site_dir: Path, config: Config) -> Plan:
    """Every file the import would write, checked against the disk; nothing is written here."""
    result = Plan()
    result.languages = languages.settle(source)
    if source.errors:
        result.errors += source.errors
        return result
    _control_characters(source, result.warnings)
    _unreadable_images(source, result.warnings)
    author_ids = _authors(source, site_dir, result)
    for e in source.entries:
        if e.kind == "post" and e.date is None:
            result.warnings.append(Problem("no date found: the post was not imported", e.source, e.line,
                                           "give it a date in the source and run the import again"))
    switched = [e for e in source.entries if e.math]
    if switched:
        result.warnings.append(Problem(
            f"{len(switched)} entr{'y' if len(switched) == 1 else 'ies'} turned a theme's MathJax or KaTeX on "
            f"({switched[0].math}, first in {switched[0].source}): the switch is not carried over; sitegen renders "
            "$…$ and $$…$$ formulas at build time, as MathML", switched[0].source, switched[0].line))
    entries = [e for e in source.entries if e.kind == "page" or e.date is not None]
    entries.sort(key=lambda e: (e.kind, e.date.isoformat() if e.date else "", e.source, e.title))
    site = existing.scan(site_dir, config)
    if result.languages is not None:
        _unpair_clashes(entries, result.languages)
    placed = _place(entries, site, config, result.warnings, result.languages)
    if result.languages is not None:
        _link_translations(placed, result)
    lookup = resolve.Lookup(placed, source.old_base, site_dir / "content", frozenset(source.site_files))
    for item in placed:
        if item.entry.draft:
            item.entry.old_urls = []       # a draft had no public address to keep
    resolve.aliases(placed, source.old_base, result.warnings, site.addresses)
    for item in placed:
        _entry_files(item, lookup, author_ids, source, result)
    for rel, data in sorted(source.site_files.items()):
        result.files[f"content/{rel}"] = data
    _check_disk(result, site_dir)
    return result


def _place(entries: list[Entry], site: existing.Existing, config: Config, warnings: list[Problem],
           langs: languages.Languages | None = None) -> list[resolve.Placed]:
    """Each entry's file, slug and new URL: unique among the entries and what the site already has.

    In a multilingual import a slug is unique in its language, a translation's file is named
    `<slug>.<language>.md` (the default language's has no suffix), and a file name without its
    language belongs to one group of translations only, so that no two texts pair by accident."""
    taken_slugs: dict[str, set[str]] = {}        # language ("" on a one-language import) -> slugs
    taken_paths: set[str] = set()
    stems: dict[str, tuple[str, str]] = {}       # path without language and .md -> its translation group
    placed: list[resolve.Placed] = []
    for e in entries:
        tag = (langs.tags.get(e.language, langs.default) if e.language else langs.default) if langs else ""
        suffix = f".{tag}" if langs and tag != langs.default else ""
        prefix = f"/{tag.lower()}" if suffix else ""      # the other languages' addresses (checked, never written)
        group = languages.group_of(e)
        slugs = taken_slugs.setdefault(tag, set())
        base = urls.slugify(e.slug or e.stem or e.title) or e.kind
        folder = "/".join(p for p in (urls.slugify(x) for x in e.folder.split("/")) if p)
        rel_dir = posixpath.join("posts" if e.kind == "post" else "pages", folder).rstrip("/")

        def other_group(slug: str, rel_dir: str = rel_dir, group: tuple[str, str] = group) -> bool:
            return stems.get(f"{rel_dir}/{slug}", group) != group

        if e.kind == "post":
            slug, n = base, 2
            while slug in slugs or other_group(slug) or site.slug_taken(
                    slug + suffix, posixpath.join(rel_dir, f"{slug}{suffix}.md"), e.title):
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            assert e.date is not None
            url = prefix + urls.post_url(config.permalink, slug, e.date.year, e.date.month, e.date.day)
        else:
            if not folder and base in RESERVED:
                warnings.append(Problem(f"the page slug '{base}' is one sitegen uses itself: renamed to "
                                        f"'{base}-page'", e.source, e.line))
                base += "-page"
            slug, n = base, 2
            while True:
                path = posixpath.join(rel_dir, f"{slug}{suffix}.md")
                url = prefix + "/" + "/".join(p for p in (folder, slug) if p) + "/"
                owner = site.addresses.get(existing.key(url))
                if (path not in taken_paths and not site.path_taken(path, e.title) and owner in (None, path)
                        and not other_group(slug)):
                    break
                slug, n = f"{base}-{n}", n + 1
        path = f"{rel_dir}/{slug}{suffix}.md"
        taken_paths.add(path)
        stems[f"{rel_dir}/{slug}"] = group
        placed.append(resolve.Placed(e, path, url, slug, list(e.old_urls)))
    return placed


def _unpair_clashes(entries: list[Entry], langs: languages.Languages) -> None:
    """Two texts of one language under one key cannot both be its translation: the later one (by
    date, then source file) stands alone, and the report names both. A key written in the source that links
    no other text is reported too (a typo leaves a translation alone)."""
    groups: dict[tuple[str, str], list[Entry]] = {}
    for e in sorted(entries, key=lambda e: (e.date.isoformat() if e.date else "", e.source)):
        groups.setdefault(languages.group_of(e), []).append(e)
    alone = sorted(key for (_kind, key), members in groups.items() if len({m.language for m in members}) == 1)
    for (_kind, key), members in groups.items():
        seen: dict[str, Entry] = {}
        for e in members:
            tag = langs.tags.get(e.language, langs.default)
            if tag in seen:
                langs.unpaired.append(Problem(
                    f"'{key}' is the key of two {tag} texts, {seen[tag].source} (the earlier, kept) and this one: "
                    "imported without a translation", e.source, e.key_line or e.line,
                    "give one of them another translationKey (or file name) in the source"))
                e.translation_key = ""
            else:
                seen[tag] = e
        if len(seen) == 1 and members[0].key_line is not None and members[0].translation_key:
            import difflib
            e = members[0]
            close = difflib.get_close_matches(key, [k for k in alone if k != key and not k.startswith("\0")], n=1,
                                              cutoff=0.8)
            hint = f"did you mean '{close[0]}'?" if close else "check the key for a typo"
            langs.unpaired.append(Problem(f"the translationKey '{key}' links no other text: imported without a "
                                          "translation", e.source, e.key_line, hint))


def _link_translations(placed: list[resolve.Placed], result: Plan) -> None:
    """Count each language's texts, and give a group whose files are named differently (a
    translation with its own slug, or another year's folder) a `translation_key` in each of its
    files: the default language's path, as sitegen would derive it."""
    langs = result.languages
    assert langs is not None
    groups: dict[tuple[str, str], list[resolve.Placed]] = {}
    for item in placed:
        groups.setdefault(languages.group_of(item.entry), []).append(item)
    order = langs.order()
    for members in groups.values():
        def tag_of(item: resolve.Placed) -> str:
            return langs.tags.get(item.entry.language, langs.default) if item.entry.language else langs.default

        for item in members:
            tag = tag_of(item)
            counts = langs.posts if item.entry.kind == "post" else langs.pages
            counts[tag] = counts.get(tag, 0) + 1
            if len(members) == 1:
                langs.untranslated[tag] = langs.untranslated.get(tag, 0) + 1
        if len(members) == 1:
            continue
        first = min(members, key=lambda item: order.index(tag_of(item)))
        key = _stem(first.path, tag_of(first), langs)
        if any(_stem(item.path, tag_of(item), langs) != key for item in members):
            for item in members:
                result.keys[item.path] = key


def _stem(path: str, tag: str, langs: languages.Languages) -> str:
    """A content file's path (or name) without .md and without its language: its derived translation key."""
    stem = path.removesuffix(".md")
    return stem if tag == langs.default else stem.removesuffix(f".{tag}")


def _entry_files(item: resolve.Placed, lookup: resolve.Lookup, author_ids: dict[str, str], source: Source,
                 result: Plan) -> None:
    """The entry's Markdown file (links resolved, alt text given, front matter) and the files beside it."""
    e = item.entry
    e.body = angle_spaced_links(e.body)     # `[a](my file.png)` in any source: CommonMark needs <my file.png>
    body, cover = resolve.body_links(item, lookup, result.warnings)
    at: list[int] = []
    body, filled = links.fill_alt(body, lines=at)
    if filled:        # one notice for the entry, at the first image's line, naming the others' lines
        lines = [e.body_line + n - 1 for n in at] if e.body_line else []
        more = f" (lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        result.warnings.append(Problem(f"{filled} image(s) had no alt text{more}: alt text made from the file name; "
                                       "describe them better", e.source, lines[0] if lines else e.line))
    if e.cover and not e.cover_alt.strip():
        e.cover_alt = f"Cover image of {e.title}"
    e.tags = _clean_tags(e, result)
    result.tags.update(urls.slugify(t) for t in e.tags)
    ids = list(dict.fromkeys(author_ids[k] for k in e.authors if k in author_ids))
    name = item.path.rsplit("/", 1)[-1]
    if e.language and result.languages is not None:
        name = _stem(name, result.languages.tags.get(e.language, result.languages.default), result.languages)
    default_slug = urls.slugify(name.removesuffix(".md"))
    text = fmwrite.front_matter(e, ids, None if default_slug == item.slug else item.slug, cover,
                                translation_key=result.keys.get(item.path, ""))
    text += "\n" + body.strip("\n") + "\n"
    result.files[f"content/{item.path}"] = _scrub(text, source.secrets, e, result).encode("utf-8")
    for ref, data in sorted(e.files.items()):
        result.files[f"content/{item.asset_path(ref)}"] = data
    if e.kind == "post":
        result.posts += 1
    else:
        result.pages += 1
    result.drafts += e.draft


def _scrub(text: str, secrets: set[str], entry: Entry, plan: Plan) -> str:
    """Remove the e-mail addresses the source named as private (authors'), wherever they appear."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret and secret.lower() in text.lower():
            text = re.sub(re.escape(secret), "", text, flags=re.I)
            plan.warnings.append(Problem("an author's e-mail address was removed from the text", entry.source, entry.line))
    return text


def _same(path: Path, data: FileSource) -> bool:
    if isinstance(data, Path):
        if path.stat().st_size != data.stat().st_size:
            return False
        return path.read_bytes() == data.read_bytes()
    return path.stat().st_size == len(data) and path.read_bytes() == data


def _check_disk(result: Plan, site_dir: Path) -> None:
    blocked: set[str] = set()
    for rel, data in result.files.items():
        path = site_dir / rel
        parent = next((p for p in Path(rel).parents if p != Path(".") and (site_dir / p).exists()
                       and not (site_dir / p).is_dir()), None)
        if parent is not None:
            if parent.as_posix() not in blocked:
                blocked.add(parent.as_posix())
                result.errors.append(Problem(f"{parent.as_posix()} is a file where the import needs a folder "
                                             f"(for {rel}); sitegen never overwrites anything", parent.as_posix(), None,
                                             "move that file away, or import into another folder"))
        elif path.is_dir():
            result.errors.append(Problem(f"{rel} is a folder; sitegen never overwrites anything", rel, None,
                                         "move it away, or import into another folder"))
        elif path.exists():
            if _same(path, data):
                result.unchanged.append(rel)
            else:
                result.errors.append(Problem(f"{rel} already exists with other content; sitegen never overwrites a file",
                                             rel, None, "move it away, or import into an empty folder"))


def write(result: Plan, site_dir: Path) -> None:
    """Write every planned file that is not already there; never replace one."""
    unchanged = set(result.unchanged)
    for rel, data in result.files.items():
        if rel in unchanged:
            continue
        path = site_dir / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as f:         # "x": fail rather than overwrite
                f.write(data.read_bytes() if isinstance(data, Path) else data)
        except OSError as exc:     # the disk changed since the check (another program), or it is full
            done = ", ".join(result.written[:5]) + (" …" if len(result.written) > 5 else "")
            raise SitegenError(f"cannot write {rel}: {exc.strerror or exc}" + (f" (already written: {done})" if done
                               else " (nothing was written)"), file=rel,
                               hint="fix the cause and run the import again: files already written are "
                                    "recognised as unchanged") from None
        result.written.append(rel)
