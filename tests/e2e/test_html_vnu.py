"""Every HTML page of a built site through the Nu Html Checker (vnu.jar), once per site, and
the structure every page must have: one h1, a main landmark, a skip link to it, a language,
and an alt on every image.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import Site
from .htmlscan import scan_site

pytestmark = pytest.mark.e2e

# A page with known errors checked in the same run as the site: if vnu reports nothing for it,
# the checker is broken and a clean result for the site would mean nothing.
CANARY = """<!DOCTYPE html>
<html lang="en"><head><title>canary</title></head>
<body><main><p>unclosed <b>bold</p><img src="x.png"><div id="a"></div><div id="a"></div></main></body></html>
"""

_RESULTS: dict[str, list[dict]] = {}


def vnu_messages(site: Site, jar: Path, tmp: Path) -> list[dict]:
    """vnu's messages for every HTML, CSS and SVG file of the site, and the canary (one JVM run)."""
    if site.name in _RESULTS:
        return _RESULTS[site.name]
    canary = tmp / "canary.html"
    canary.write_text(CANARY, "utf-8")
    files = sorted(str(p) for ext in ("*.html", "*.css", "*.svg") for p in site.out.rglob(ext))
    assert files, f"no files in {site.out}"
    # C1 only and the serial collector: a short batch run starts much faster; a big stack for the schema
    proc = subprocess.run(["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar), "--errors-only", "--format", "json",
                           "--also-check-css", "--also-check-svg", str(canary), *files],
                          capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not print a JSON report (exit {proc.returncode}):\n{proc.stderr[-3000:]}{proc.stdout[-2000:]}")
    messages = report.get("messages", [])
    on_canary = [m for m in messages if m.get("url", "").endswith("/canary.html")]
    if len([m for m in on_canary if m.get("type") == "error"]) < 2:
        pytest.fail(f"vnu found no errors in a page that has several, so its result means nothing: {on_canary}")
    _RESULTS[site.name] = [m for m in messages if m not in on_canary]
    return _RESULTS[site.name]


def test_nu_html_checker_finds_no_errors(site: Site, vnu_jar: Path, tmp_path: Path) -> None:
    messages = vnu_messages(site, vnu_jar, tmp_path)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")
              or (m.get("type") == "info" and m.get("subType") == "fatal")]
    lines = []
    for m in errors:
        url = m.get("url", "")
        rel = url.split(site.out.as_posix() + "/", 1)[-1] if url else "?"
        extract = " ".join(m.get("extract", "").split())[:120]
        lines.append(f"{rel}:{m.get('lastLine', '?')}: {m.get('message')}" + (f"  [{extract}]" if extract else ""))
    assert not errors, f"the Nu Html Checker reports {len(errors)} errors in {site.name}:\n" + "\n".join(lines)


def test_every_page_has_the_structure_assistive_technology_expects(site: Site) -> None:
    problems = []
    pages = scan_site(site.out)
    assert pages, "no HTML pages"
    for rel, page in pages.items():
        def bad(msg: str, rel: str = rel) -> None:
            problems.append(f"{rel}: {msg}")

        if len(page.h1) != 1:
            bad(f"{len(page.h1)} <h1> elements, expected exactly one: {page.h1}")
        elif not page.h1[0]:
            bad("the <h1> is empty")
        if page.mains != 1:
            bad(f"{page.mains} <main> elements, expected one")
        if not page.html_lang:
            bad("<html> has no lang")
        if not page.title.strip():
            bad("empty <title>")
        for line in page.imgs_without_alt:
            bad(f"line {line}: <img> without alt")
        if page.duplicate_ids:
            bad(f"duplicate ids: {sorted(set(page.duplicate_ids))}")
        skip = page.first_link
        if page.is_redirect:
            # a redirect page shows one sentence and leaves at once: no skip link, never indexed
            if "noindex" not in page.robots:
                bad("a redirect page without <meta name=\"robots\" content=\"noindex\">")
            if not page.links_where("a"):
                bad("a redirect page without a visible link to where it leads")
        elif skip is None or not skip.value.startswith("#"):
            bad(f"the first link is not a skip link to the content: {skip.value if skip else None!r}")
        elif skip.value[1:] not in page.main_ids:
            bad(f"the skip link points to {skip.value!r}, which is not the <main> (ids {page.main_ids})")
    assert not problems, f"{len(problems)} problems in {site.name}:\n" + "\n".join(problems)


def _languages_of(out: Path) -> dict[str, int]:
    """How many HTML pages of a built site are in each language (by <html lang>)."""
    import re
    found: dict[str, int] = {}
    for path in out.rglob("*.html"):
        m = re.search(r'<html lang="([^"]+)"', path.read_text("utf-8"))
        if m:
            found[m.group(1)] = found.get(m.group(1), 0) + 1
    return found


def test_the_checker_sees_every_page_of_each_language_of_the_sample(sample_root: Site, vnu_jar: Path,
                                                                    tmp_path: Path) -> None:
    """The sample blog is bilingual: the run above covers its German pages as well as its English ones."""
    counts = _languages_of(sample_root.out)
    assert counts.get("en", 0) >= 20 and counts.get("de", 0) >= 10, counts
    checked = {m.get("url", "") for m in vnu_messages(sample_root, vnu_jar, tmp_path)}
    assert not [u for u in checked if "/de/" in u and u.endswith(".html")], "German pages with errors"


@pytest.fixture(scope="module")
def languages_in_folders(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The bilingual fixture in three languages (Arabic added), the default language in a folder
    of its own too (so / is the page that leads to each language), under a subpath."""
    import shutil

    from .conftest import ROOT, build_site
    tmp = tmp_path_factory.mktemp("vnu-languages")
    site = tmp / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "bilingual-site", site)
    text = (site / "sitegen.toml").read_text("utf-8")
    text = text.replace("posts_per_page = 2\n", 'posts_per_page = 2\ndefault_language_in_folder = true\nuntranslated = "all"\n')
    (site / "sitegen.toml").write_text(text + '\n[languages.ar]\ntitle = "ملاحظات الشحن"\nweight = 20\n', "utf-8")
    (site / "content" / "posts" / "wallbox.ar.md").write_text("---\ntitle: الشحن في المنزل\n---\n\nنص قصير.\n", "utf-8")
    build_site(site, tmp / "out", "https://example.com/blog/")
    return Site("languages-in-folders", site, tmp / "out", "https://example.com/blog/", [], {})


def test_nu_html_checker_finds_no_errors_in_a_site_of_three_languages(languages_in_folders: Site, vnu_jar: Path,
                                                                      tmp_path: Path) -> None:
    counts = _languages_of(languages_in_folders.out)
    assert set(counts) == {"en", "de", "ar"}, counts
    test_nu_html_checker_finds_no_errors(languages_in_folders, vnu_jar, tmp_path)
    test_every_page_has_the_structure_assistive_technology_expects(languages_in_folders)
