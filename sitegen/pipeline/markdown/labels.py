"""The words the Markdown stage writes itself, in the post's language: a callout's title when
the writer gives none ("Note", "Tip", "Hinweis", "ヒント"). (A heading's anchor says nothing of
its own: its link is the heading's words.)

They are message ids of the default theme's catalogues
(themes/default/locale/<language>/LC_MESSAGES/messages.po), read as charts and tables read their
words (toolkit/hooks.py, toolkit/words.py): `MESSAGES` lists them for the catalogue tests and
`pybabel`'s template. English says the message ids and never imports Babel. A post's language
is RenderEnv.language (parser.py), set by convert.language_of. A site with catalogues of its own
(its folder's, its theme's) says them from those first: RenderEnv.gettext, set by convert.words_of.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from sitegen.pipeline.markdown import admonitions

# Every string the Markdown stage says: the callouts' titles.
MESSAGES = tuple(dict.fromkeys([*admonitions.LABELS.values(), *(label for _, label in admonitions.ALIASES.values())]))


def is_english(language: str) -> bool:
    return language.replace("_", "-").split("-")[0].lower() == "en"


@lru_cache(maxsize=32)
def gettext(language: str) -> Callable[[str], str]:
    """gettext in this language, from the catalogues charts and tables say their words from."""
    if is_english(language):
        return str
    from sitegen.toolkit import hooks
    return hooks.gettext(language)
