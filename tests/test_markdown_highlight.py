"""Pygments highlighting in one process: parser keeps each language's lexer class and one
formatter; every block must still come out as a lexer and formatter made for it alone would
write it."""

import html

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from sitegen.pipeline.markdown import parser
from sitegen.pipeline.markdown.parser import RenderEnv, render


def fresh(code: str, lang: str) -> str:
    """What _highlight wrote before it kept anything: a new lexer and formatter for each block."""
    try:
        lexer = get_lexer_by_name(lang, stripnl=False)
    except ClassNotFound:
        return ""
    body = highlight(code, lexer, HtmlFormatter(nowrap=True))
    return f'<pre class="highlight"><code class="language-{html.escape(lang, quote=True)}">{body}</code></pre>\n'


CODE = 'def f(x):\n    return {"a": [1, 2.5, null, true]}  # x\n'


def test_each_language_keeps_its_own_lexer():
    langs = ["python", "json", "yaml", "python", "nosuchlang", "json", "Python", "bash", "yaml"]
    outs = {lang: parser._highlight(CODE, lang, "") for lang in langs}
    for lang in langs:          # (again, in another order: the kept ones answer)
        assert parser._highlight(CODE, lang, "") == fresh(CODE, lang) == outs[lang], lang
    assert len({outs["python"], outs["json"], outs["yaml"], outs["bash"]}) == 4     # the check can tell them apart
    assert outs["nosuchlang"] == ""


def test_each_block_gets_a_new_lexer():
    # a Modula-2 dialect tag sets the dialect on the lexer for good: a lexer kept from the first
    # block would take the second block's OCTET and LONGCARD for words of the other dialect
    first = "(*!m2pim*)\nMODULE A; END A.\n"
    second = "MODULE B; VAR x : OCTET; y : LONGCARD; END B.\n"
    assert parser._highlight(first, "modula2", "") == fresh(first, "modula2")
    assert parser._highlight(second, "modula2", "") == fresh(second, "modula2")


def test_the_kept_formatter_writes_what_a_new_one_writes_in_a_post():
    text = "".join(f"```{lang}\n{CODE}```\n\n" for lang in ("python", "json", "python", "yaml"))
    out = render(text, RenderEnv())
    assert out == "".join(fresh(CODE, lang) + "\n" for lang in ("python", "json", "python", "yaml"))
