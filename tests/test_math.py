"""Formulas in Markdown: TeX to MathML at build time, dollar amounts left alone, errors with lines."""

import re
import xml.etree.ElementTree as ET

import pytest

from sitegen.errors import SitegenError
from sitegen.pipeline.markdown import parser as markdown


def render(text: str) -> str:
    return markdown.render(text, markdown.RenderEnv(file="content/posts/f.md", first_line=10))


def formulas(html: str) -> list[str]:
    return re.findall(r"<math\b.*?</math>", html, re.S)


def tex_of(formula: str) -> str:
    m = re.search(r'<annotation encoding="application/x-tex">(.*?)</annotation>', formula, re.S)
    assert m, formula
    return m.group(1)


@pytest.mark.parametrize(("source", "tex", "display"), [
    ("Energy $E = P t$ here.", "E = P t", "inline"),
    (r"Inline \(v = d / t\) too.", "v = d / t", "inline"),
    ("$$\nE = \\frac{P}{v}\n$$\n", "E = \\frac{P}{v}", "block"),
    ("\\[\nt = \\frac{Q}{P}\n\\]\n", "t = \\frac{Q}{P}", "block"),
    ("\\[ t = \\frac{Q}{P} \\]\n", "t = \\frac{Q}{P}", "block"),
    ("```math\nC = \\frac{I}{Q}\n```\n", "C = \\frac{I}{Q}", "block"),
    ("Mid-paragraph $$x^2$$ display.", "x^2", "block"),
])
def test_each_delimiter_gives_mathml_with_its_tex(source: str, tex: str, display: str):
    html = render(source)
    [formula] = formulas(html)
    assert formula.startswith(f'<math display="{display}"><semantics>')
    assert tex_of(formula) == tex
    ET.fromstring(formula)                      # well-formed
    assert "<script" not in html and "$" not in html.replace("\\$", "")


def test_escaped_brackets_in_a_sentence_stay_brackets():
    html = render("As shown in \\[1\\] and \\[2\\], prices fell.\n\n\\[3\\] Smith, 2024, a reference line.\n")
    assert "<math" not in html
    assert "As shown in [1] and [2], prices fell." in html and "[3] Smith, 2024" in html


def test_display_formulas_on_their_own_lines_are_not_in_a_paragraph():
    html = render("Text.\n\n$$\na = b\n$$\n\nMore.\n")
    assert '<div class="math-display"><math display="block">' in html
    assert "<p><div" not in html


def test_subscripts_never_become_emphasis():
    html = render("Cells $a_1 x_2$ and $b_i c_j$ in a row, and *real emphasis*.")
    assert html.count("<em>") == 1 and "<msub>" in html
    assert [tex_of(f) for f in formulas(html)] == ["a_1 x_2", "b_i c_j"]


@pytest.mark.parametrize("text", [
    "It cost $40,000 and $50,000 in the end.",
    "From $5 to $10.",
    "Pay $ 5 now and $ 6 later.",
    "A range of $30k-$40k per car.",
    "Between $1.5 and $2$3 each.",
    "Price \\$5 and \\$6.",
    "Just one $ sign.",
])
def test_dollar_amounts_stay_text(text: str):
    html = render(text)
    assert "<math" not in html
    assert "$" in html


def test_dollar_signs_in_code_stay_literal():
    html = render("Code `$x$` and `$$y$$`.\n\n```python\nprice = '$a_1$'\n```\n\n    $$ indented $$\n")
    assert "<math" not in html
    assert "<code>$x$</code>" in html and "<code>$$y$$</code>" in html
    assert "$a_1$" in html and "$$ indented $$" in html


def test_escaped_dollars_next_to_a_formula():
    html = render(r"Costs \$3 per $kWh$, not \$4.")
    [formula] = formulas(html)
    assert tex_of(formula) == "kWh"
    assert "Costs $3 per" in html and "not $4." in html


@pytest.mark.parametrize(("source", "rows"), [
    ("$$\n\\begin{aligned} E &= P t \\\\ t &= E / P \\end{aligned}\n$$\n", 2),
    ("\\begin{align}\na &= 1 \\\\\nb &= 2 \\\\\nc &= 3\n\\end{align}\n", 3),
    ("$$\nf(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}\n$$\n", 2),
    ("$$\n\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}\n$$\n", 2),
    ("$$\n\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}\n$$\n", 2),
    ("\\begin{gather*}\nx = 1 \\\\\ny = 2\n\\end{gather*}\n", 2),
])
def test_environments_with_row_breaks_render_as_tables(source: str, rows: int):
    html = render(source)
    [formula] = formulas(html)
    root = ET.fromstring(formula)
    assert len(root.findall(".//mtr")) == rows
    assert "<mi>&amp;</mi>" not in formula and "(1)" not in formula   # no stray column sign, no numbers
    assert '=""' not in formula              # the Nu Html Checker refuses an empty columnspacing


@pytest.mark.parametrize(("source", "line", "words"), [
    ("Intro.\n\nThe value $\\frac{a$ is broken.\n", 12, "braces"),
    ("One\ntwo $x$ fine\nthree $\\unknowncmd{x}$ bad\n", 12, "unknown command '\\unknowncmd'"),
    ("$$\na^\n$$\n", 10, "missing super script"),
    ("Text.\n\n\\[\na & b\n\\]\n", 12, "'&' outside"),
    ("\\begin{align}\na &= 1 \\\\\n\\end{align}\n\n$$\n\\begin{cases} 1 \\end{aligned}\n$$\n", 14, "\\begin"),
    ("- item\n\n  > quote with $\\sqrt{$ in it\n", 12, "braces"),
    ("```math\n\\frac{1}\n```\n", 10, "needs 2 parts"),
])
def test_broken_tex_is_an_error_with_file_and_line(source: str, line: int, words: str):
    with pytest.raises(SitegenError) as err:
        render(source)
    problem = err.value.first
    assert problem.file == "content/posts/f.md"
    assert problem.line == line, problem
    assert words in problem.message
    assert "cannot be typeset" in problem.message


def test_text_inside_a_formula_is_escaped():
    html = render("$\\text{<b>bold</b> & co}$")
    [formula] = formulas(html)
    assert "<b>" not in formula
    ET.fromstring(formula)


def test_crlf_and_nested_containers():
    source = ("> [!NOTE] Charging time\r\n"
              "> $$\r\n"
              "> t = \\frac{E}{P}\r\n"
              "> $$\r\n"
              ">\r\n"
              "> - with $P_{max}$ in a list\r\n")
    html = render(source)
    assert [tex_of(f) for f in formulas(html)] == ["t = \\frac{E}{P}", "P_{max}"]
    assert "admonition-note" in html


def test_the_summary_and_word_count_leave_out_the_tex_source():
    html = render("A pack of $Q = 75\\,\\text{kWh}$ here.\n")
    summary = markdown.summary_of(html)
    assert "\\text" not in markdown.plain_text(summary)
    words, _ = markdown.count_words(html)
    assert words < 10


def test_the_render_version_changed_for_formulas():
    # a cached render from before formulas would show "$E = P t$" as text
    assert markdown.RENDER_VERSION not in ("7", "6", "5", "4")


@pytest.mark.parametrize("tex", ["R \\& D", "x < y \\& y < z", "\\&", "\\text{A} \\& \\text{B}"])
def test_an_escaped_ampersand_is_an_ampersand_not_a_stray_column_sign(tex: str):
    # `\&` is TeX's literal '&' (as in R&D); latex2mathml gives it as &#x00026;, and it was refused
    # as a stray column separator
    [formula] = formulas(render(f"Costs of ${tex}$ rose.\n"))
    root = ET.fromstring(formula)
    assert any(el.tag in ("mi", "mo") and el.text == "&" for el in root.iter())


@pytest.mark.parametrize("source", [
    "$$\n\\begin{eqnarray}\na &=& b \\\\\nc &=& d\n\\end{eqnarray}\n$$\n",           # older MathJax posts
    "$$\n\\begin{eqnarray*}\na &=& b\n\\end{eqnarray*}\n$$\n",
    "$$\n\\begin{align}\na &= b \\label{eq:one} \\\\\nc &= d \\nonumber \\\\\ne &= f \\notag\n\\end{align}\n$$\n",
    "$\\require{cancel}\\cancel{x}$\n",
])
def test_eqnarray_labels_and_mathjax_switches_are_typeset_not_refused(source: str):
    # eqnarray was refused for a "stray &", \label and \nonumber as unknown commands
    [formula] = formulas(render(source))
    root = ET.fromstring(formula)
    assert not any(el.tag in ("mi", "mo") and (el.text or "").startswith("\\") for el in root.iter())
    assert "label" not in "".join(el.text or "" for el in root.iter() if el.tag != "annotation")
