"""Every feed of every e2e site (the sample blog at the root and under a path, the generated
corpus) carries plain HTML: no SVG, no MathML, no classes or ARIA attributes, nothing the W3C
Feed Validator calls a non-HTML tag or a risky attribute; feedparser reads each one."""

from __future__ import annotations

import pytest
from feedscan import entry_html, feed_files, site_feed_problems

from .conftest import Site

pytestmark = pytest.mark.e2e


def test_feed_content_is_plain_html(site: Site) -> None:
    problems = site_feed_problems(site.out)
    assert not problems, f"{len(problems)} problems in the feeds of {site.name}:\n" + "\n".join(problems[:40])


def test_the_sample_formulas_and_callouts_reach_the_feeds_in_their_plain_form(sample_root: Site) -> None:
    html = {title: body for path in feed_files(sample_root.out) for title, body in entry_html(path)}
    post = next(body for title, body in html.items() if title.startswith("The Arithmetic of Charging"))
    assert "<code>C = \\frac{P}{E_\\text{pack}}</code>" in post
    assert "<p><strong>Tip: Compare like with like</strong></p>" in post
    assert "<details open>\n<summary><strong>Warning: Why not use the peak power?</strong></summary>" in post
    assert "costs $2.40" in post
