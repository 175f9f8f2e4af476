"""A build reports every broken local image, video, sound and cover reference with its file and
line, as it does broken links (an error: nothing is written), wherever it is written: Markdown,
raw HTML (src, srcset, poster), paths from the site root, front matter. A protocol-relative
address (//host/path) is another site's, in the build as in the browser."""

import re
from pathlib import Path

from conftest import run_cli, snapshot, write_site

CONFIG = 'title = "T"\nbase_url = "https://example.com/"\n'
def _png() -> bytes:
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


def build(tmp_path: Path, body: str, front: str = "", files: dict | None = None):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": CONFIG,
        "content/posts/a.md": f"---\ntitle: A\ndate: 2026-01-02\n{front}---\n\n{body}",
        **(files or {}),
    })
    out = tmp_path / "out"
    return run_cli("build", str(site), "--output", str(out)), out


def reported(stderr: str) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"content/posts/a\.md:(\d+): the [\w ,]+ '([^']+)' points to a file "
                                                                 r"that does not exist", stderr)]


def test_every_broken_reference_is_reported_with_its_line(tmp_path: Path):
    # (the body starts on line 7: four lines of front matter, its end, a blank line)
    body = ("![a](missing.png)\n"                                         # 7
            "\n"
            "![b](/images/missing-root.png)\n"                             # 9
            "\n"
            '<img src="raw.png" alt="c"> <img src="/raw-root.jpg" alt="d">\n'   # 11
            "\n"
            '<picture>\n<source srcset="small.avif 1x, /big.avif 2x">\n<img src="ok.png" alt="e">\n</picture>\n'  # 13-16
            "\n"
            '<video poster="poster.jpg" controls>\n<source src="clip.mp4" type="video/mp4">\n</video>\n'  # 18-20
            "\n"
            '<audio src="/sound/gone.mp3" controls></audio>\n')              # 22
    first, out = build(tmp_path, "Fine.\n", files={"content/posts/ok.png": PNG})
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    result, out = build(tmp_path, body, front="cover: /images/no-cover.png\n", files={"content/posts/ok.png": PNG})
    assert result.returncode == 1
    assert reported(result.stderr) == [
        (4, "/images/no-cover.png"), (7, "missing.png"), (9, "/images/missing-root.png"), (11, "raw.png"),
        (11, "/raw-root.jpg"), (14, "small.avif"), (14, "/big.avif"), (18, "poster.jpg"), (19, "clip.mp4"),
        (22, "/sound/gone.mp3")]
    assert "cover image '/images/no-cover.png'" in result.stderr
    assert "ok.png" not in result.stderr
    assert snapshot(out) == before, "a failed build leaves output/ as it was"


def test_references_that_resolve_pass(tmp_path: Path):
    body = ('![a](ok.png)\n\n![b](/images/root.png)\n\n<img src="/images/root.png" alt="c">\n\n'
            '<img srcset="ok.png 1x, /images/root.png 2x" src="ok.png" alt="d">\n\n[a page](/about/) [a file](/files/x.pdf)\n')
    result, out = build(tmp_path, body, files={"content/posts/ok.png": PNG, "content/images/root.png": PNG})
    assert result.returncode == 0, result.stderr
    page = (out / "posts" / "a" / "index.html").read_text()
    assert "/images/root.png" in page or "images/root" in page


def test_protocol_relative_links_stay_external(tmp_path: Path):
    body = ("Thanks [@bep](//github.com/bep), ![logo](//cdn.example.org/logo.png) and "
            '<a href="//example.org/p">raw</a> <img src="//cdn.example.org/raw.png" alt="r">.\n')
    result, out = build(tmp_path, body, front="cover: //cdn.example.org/cover.png\ncover_alt: A cover\n")
    assert result.returncode == 0, result.stderr
    page = (out / "posts" / "a" / "index.html").read_text()
    assert 'href="//github.com/bep"' in page and 'href="//example.org/p"' in page
    assert 'src="//cdn.example.org/logo.png"' in page and 'src="//cdn.example.org/raw.png"' in page
    assert "../github.com" not in page and "github.com/bep/index.html" not in page
    atom = (out / "atom.xml").read_text()
    assert "https://github.com/bep" in atom and "https://cdn.example.org/raw.png" in atom
