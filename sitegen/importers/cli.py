"""`sitegen import KIND SRC [--site DIR] [--dry-run] [--no-download]`.

Exit codes: 0 imported (warnings allowed), 1 the source cannot be read or a file would be
overwritten (nothing is written then), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.errors import Problem, SitegenError, UsageError

if TYPE_CHECKING:      # (`sitegen build` parses its arguments with this module: the model is for `import` only)
    from sitegen.importers.model import Source

KINDS = ("jekyll", "hugo", "wordpress", "feed", "markdown")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "import", help="import a blog from Jekyll, Hugo, WordPress, a feed or other Markdown",
        description="Write the posts, pages, authors and images of another blog into a sitegen site. "
                    "Never overwrites a file; ends with a report of what could not be converted.")
    p.add_argument("kind", choices=KINDS, metavar="KIND", help="one of: " + ", ".join(KINDS))
    p.add_argument("src", metavar="SRC", help="the source: a site folder (jekyll, hugo, markdown), a WXR export "
                                              "file (wordpress), a feed file or URL (feed)")
    p.add_argument("--site", default=".", metavar="DIR", help="the sitegen site to write into (default: .)")
    p.add_argument("--dry-run", action="store_true", help="read and convert everything, write nothing")
    p.add_argument("--no-download", action="store_true", help="leave remote images where they are")
    p.add_argument("--shortcode", action="append", default=[], metavar="NAME=BUILTIN",
                   help="hugo: convert the site's own shortcode NAME as the built-in BUILTIN (e.g. img=figure); "
                        "may be given more than once")
    return p


def _reader(kind: str) -> Callable[..., Source]:
    if kind == "jekyll":
        from sitegen.importers.jekyll import read_site as jekyll_site
        return jekyll_site
    if kind == "hugo":
        from sitegen.importers.hugo import read_site as hugo_site
        return hugo_site
    if kind == "wordpress":
        from sitegen.importers.wordpress import read_export
        return read_export
    if kind == "feed":
        from sitegen.importers.feed import read_feed
        return read_feed
    from sitegen.importers.markdown import read_folder
    return read_folder


def _shortcode_map(pairs: list[str]) -> dict[str, str]:
    from sitegen.importers.shortcodes import BUILT_IN
    out = {}
    for pair in pairs:
        name, sep, builtin = pair.partition("=")
        if not sep or not name.strip() or builtin.strip() not in BUILT_IN:
            raise UsageError(f"--shortcode {pair}: write NAME=BUILTIN, BUILTIN one of: {', '.join(sorted(BUILT_IN))}")
        out[name.strip()] = builtin.strip()
    return out


def import_site(kind: str, src: str, site_dir: Path, *, dry_run: bool = False, download: bool = True,
                out: Any = None, shortcodes: list[str] | None = None) -> int:
    """Import and print the report; the exit code. Raises SitegenError when nothing could be imported."""
    from sitegen.config import load_config
    from sitegen.importers import report, writer
    out = out or sys.stdout
    is_url = src.startswith(("http://", "https://"))
    if is_url and kind != "feed":
        raise UsageError(f"{kind} imports read a folder or file, not a URL",
                         hint="download it first, or use `feed` for a feed URL")
    if not is_url and not Path(src).exists():
        raise UsageError(f"not found: {src}", hint=f"give the {kind} source as a path")
    if site_dir.exists() and not site_dir.is_dir():
        raise UsageError(f"--site {site_dir} is a file, not a folder")
    config = load_config(site_dir)          # its permalink decides the new URLs (a missing file: the defaults)
    mapped = _shortcode_map(shortcodes or [])
    if mapped and kind != "hugo":
        raise UsageError("--shortcode is for hugo imports")
    source = _reader(kind)(src, download=download, **({"shortcode_map": mapped} if mapped else {}))
    if source.errors:
        raise SitegenError(problems=source.errors)
    plan = writer.plan(source, site_dir, config)
    _config_file(source, site_dir, plan)
    if plan.errors:
        raise SitegenError(problems=plan.errors)
    if not dry_run:
        writer.write(plan, site_dir)
    print(report.render(kind, src, source, plan, dry_run), file=out)
    return 0


def _config_file(source: Source, site_dir: Path, plan: Any) -> None:
    """A sitegen.toml with the old site's name and address, when the site has none."""
    import json
    if not (source.title or source.old_base or getattr(plan, "languages", None)):
        return
    lines = []
    if source.title:
        lines.append(f"title = {json.dumps(source.title, ensure_ascii=False)}")
    if source.description:
        lines.append(f"description = {json.dumps(source.description, ensure_ascii=False)}")
    if source.old_base.startswith(("http://", "https://")):
        lines.append(f"base_url = {json.dumps(source.old_base.rstrip('/') + '/')}")
    langs = getattr(plan, "languages", None)
    if langs is not None:                       # a multilingual site: its languages, the default first
        from sitegen.importers.languages import config_lines
        lines += config_lines(langs)
    elif source.language:
        lines.append(f"language = {json.dumps(source.language)}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    existing = site_dir / "sitegen.toml"
    if existing.is_file():
        if existing.read_bytes() == data:       # written by the same import before
            plan.files["sitegen.toml"] = data
            plan.unchanged.append("sitegen.toml")
        elif langs is not None:
            _missing_languages(existing, langs, plan)
        return                                  # the site's own config: left alone
    plan.files["sitegen.toml"] = data


def _missing_languages(config: Path, langs: Any, plan: Any) -> None:
    """The site's own sitegen.toml is never edited: when it lacks the languages the import writes
    files for, the report says what to add."""
    import tomllib

    from sitegen.importers.languages import config_lines
    try:
        have = tomllib.loads(config.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return                                  # the build names the problem in the site's own config
    table = have.get("languages")
    missing = [tag for tag in langs.order() if not isinstance(table, dict) or tag not in table]
    if missing or "default_language" not in have:
        plan.warnings.append(Problem(
            f"the site's sitegen.toml does not declare the imported languages ({', '.join(missing or langs.order())}): "
            "their files are written, but sitegen leaves its config to you", "sitegen.toml", None,
            "add to it:\n      " + "\n      ".join(config_lines(langs))))


def run(args: argparse.Namespace) -> int:
    try:
        return import_site(args.kind, args.src, Path(args.site), dry_run=args.dry_run, download=not args.no_download,
                           shortcodes=args.shortcode)
    except UsageError as err:
        print(f"sitegen: error: {err}", file=sys.stderr)
        return 2
    except SitegenError as err:
        _print_problems(err.problems)
        return 1


def _print_problems(problems: list[Problem]) -> None:
    count = len(problems)
    print(f"sitegen: {count} problem{'s' if count != 1 else ''} found, nothing was imported:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
