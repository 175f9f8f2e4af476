"""`sitegen import markdown`: Astro/Starlight, Docusaurus, Eleventy, Zola and Pelican folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

MD = FIXTURES / "markdown"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    out = {}
    for name in ("astro", "docusaurus", "zola", "pelican", "eleventy"):
        site = tmp_path_factory.mktemp(name) / "site"
        out[name] = (site, run_import("markdown", MD / name, site, download=False))
    return out


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / name)


def test_astro_mdx(imported: dict[str, tuple[Path, str]]) -> None:
    site, report = imported["astro"]
    meta, body = post(site, "2024/depot-at-night.md")
    assert meta == {"title": "The bus depot at night", "date": meta["date"], "updated": meta["updated"],
                    "tags": ["buses", "depots"], "summary": "How forty electric buses charge between midnight and five.",
                    "cover": "/images/depot-night.png", "cover_alt": "Rows of buses plugged in under floodlights",
                    "aliases": ["/blog/depot-at-night/"]}          # layout, prev and sidebar are dropped
    assert meta["date"].isoformat() == "2024-02-11T00:00:00+00:00"
    assert (site / "content" / "images" / "depot-night.png").is_file()        # from public/
    assert "import " not in body.split("```")[0] and "export const" not in body
    assert "<!-- more -->" in body and "{/*" not in body.split("```")[0]
    assert "must not be published" not in body
    assert ":::caution Grid limits\nThe depot may not draw more than 1.8 MW at once.\n:::" in body   # <Aside>
    assert ":::tip Planning rule\nCharge the buses that leave first, first.\n:::" in body             # :::tip[...]
    assert "<Chart" not in body
    assert "depot-at-night.mdx:27: JSX component <Chart> is not converted" in report
    # code blocks keep everything, MDX syntax included
    assert '```js\n// code keeps its braces {/* and comments */}\nimport x from "y";\n```' in body


def test_astro_date_from_file_name_image_mapping_and_github_alerts(imported: dict[str, tuple[Path, str]]) -> None:
    site, _ = imported["astro"]
    meta, body = post(site, "2024/quiet-streets.md")
    assert meta["date"].isoformat() == "2024-03-01T00:00:00+00:00"
    assert meta["cover"] == "https://cdn.example.net/quiet.jpg" and meta["cover_alt"] == "An empty street at dawn"
    assert meta["author"] == "noor-haddad"
    assert ":::note\nGitHub-style alerts become admonitions.\n:::" in body


def test_docusaurus_authors_file_truncate_and_admonitions(imported: dict[str, tuple[Path, str]]) -> None:
    site, _ = imported["docusaurus"]
    meta, body = post(site, "2023/range-test-summer.md")
    assert meta["authors"] == ["sam", "guest-writer"]
    assert meta["tags"] == ["range", "Summer"] and meta["aliases"] == ["/blog/range-test-summer/"]
    assert "hide_table_of_contents" not in meta
    assert "<!-- more -->" in body and "truncate" not in body
    assert ":::note\nDocusaurus `info` becomes a note.\n:::" in body
    assert ":::danger Watch the tyres\n" in body
    assert "![Dash](range-test-summer/dash.png)" in body                      # alt text made from the file name
    assert (site / "content" / "posts" / "2023" / "range-test-summer" / "dash.png").is_file()
    import yaml
    authors = yaml.safe_load((site / "content" / "authors.yaml").read_text("utf-8"))
    assert authors["sam"] == {"name": "Sam Ortega", "bio": "Fleet engineer",
                              "links": [{"name": "Sam Ortega", "url": "https://sam.example.org"}]}
    assert authors["guest-writer"]["name"] == "Guest Writer"
    notes, body = post(site, "2023/notes.md")
    assert notes["aliases"] == ["/blog/2023/09/01/notes/"]        # Docusaurus' date path
    assert "[the range test](range-test-summer.md)" in body


def test_zola(imported: dict[str, tuple[Path, str]]) -> None:
    site, report = imported["zola"]
    meta, body = post(site, "2020/ferry-crossings.md")
    assert meta["tags"] == ["ferries", "travel"] and meta["aliases"] == ["/blog/ferry-crossings/", "/2020/ferry/"]
    assert meta["date"].isoformat() == "2020-06-12T07:45:00+01:00"
    assert "youtube(" not in body and 'shortcode {{ youtube(id="abc123") }} is not converted' in report
    assert "More in the port post." in body          # @/ link to a draft: the text stays, the link goes
    assert post(site, "2020/port-chargers.md")[0]["draft"] is True


def test_pelican(imported: dict[str, tuple[Path, str]]) -> None:
    site, _ = imported["pelican"]
    meta, body = post(site, "2019/sunday-meter.md")
    assert meta["tags"] == ["Habits", "meters", "sundays"] and meta["author"] == "rosa-lind"
    assert meta["summary"] == "A weekly ritual with a notebook." and meta["aliases"] == ["/sunday-meter.html"]
    assert meta["updated"].isoformat() == "2019-11-10T09:00:00+00:00"
    assert "![The meter](sunday-meter/images/meter.png)" in body                  # {static}
    assert "[last week](older-reading.md)" in body                                # {filename}


def test_eleventy(imported: dict[str, tuple[Path, str]]) -> None:
    site, _ = imported["eleventy"]
    meta, _ = post(site, "2018/tram-lines.md")
    assert meta["tags"] == ["trams", "history"]          # "posts" is a collection, not a tag
    assert meta["aliases"] == ["/writing/tram-lines/"]
    assert front(site / "content" / "pages" / "about.md")[0] == {"title": "About the tram notes"}
