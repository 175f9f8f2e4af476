"""Formulas of Jekyll blogs that use MathJax come over whole: the TeX between the delimiters is
the source's, byte for byte (`\\\\` row breaks, `_` and `*` included), in Markdown posts and in
HTML posts (where `\\(…\\)` becomes `$…$` and `\\[…\\]` becomes `$$…$$`, and the entities and
<br> that HTML and wpautop put in a formula are undone). kramdown's inline `$$…$$` becomes
`$…$`, as sitegen's Markdown reads `$$…$$` as a display formula."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.importers import html2md

JEKYLL = FIXTURES / "messy" / "jekyll-math"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("math") / "site"
    run_import("jekyll", JEKYLL, site)
    return site / "content" / "posts" / "2020"


def test_display_formulas_of_a_markdown_post_are_byte_for_byte(blog: Path) -> None:
    source = (JEKYLL / "_posts" / "2020-06-01-moco.md").read_text("utf-8")
    _, body = front(blog / "moco.md")
    for start in ("$$\n\\mathcal{L}_q", "$$\n\\begin{align}"):
        block = source[source.index(start):source.index("\n$$\n", source.index(start) + 3) + 3]
        assert block in body
    assert "\\theta_q \\\\\nm &= 0.999 \\quad \\text{(a_b * c_d)}" in body


def test_kramdown_inline_formulas_become_single_dollars_and_code_is_left_alone(blog: Path) -> None:
    _, body = front(blog / "moco.md")
    assert "a query $q$ and keys $k_i$ is the InfoNCE loss, where $\\tau$ is" in body
    assert "Products like $a*b*c$ and indices like $x_1 + y_1 = z_1$ stay TeX, and so does `$$in code$$`." in body
    assert 'price = "$$5_000$$"' in body


def test_formulas_of_an_html_post_are_kept_and_their_delimiters_made_markdown(blog: Path) -> None:
    _, body = front(blog / "simclr.md")
    assert "$\\mathrm{sim}(u, v) = u^\\top v / \\lVert u \\rVert \\lVert v \\rVert$, with *cosine* weights\\_like\\_this" in body
    assert ("$$\n\\ell_{i,j} = -\\log \\frac{\\exp(\\mathrm{sim}(z_i, z_j)/\\tau)}{\\sum_{k=1}^{2N} "
            "\\mathbb{1}_{[k \\neq i]} \\exp(\\mathrm{sim}(z_i, z_k)/\\tau)}\n$$") in body
    assert "\\begin{align*}\na &= b \\\\\nc &< d_{*}\n\\end{align*}" in body


def test_single_dollars_in_html_are_money_not_math() -> None:
    text = html2md.convert("<p>It cost $5_000 and $10, or *two* of them.</p>", html2md.Context("x", 1))
    assert text.strip() == "It cost $5\\_000 and $10, or \\*two\\* of them."
