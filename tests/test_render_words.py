"""jinja.remember_words: the theme's words said once per catalogue, exactly as Jinja says them."""

from __future__ import annotations

import gettext
from typing import Any, ClassVar

import jinja2
import pytest

from sitegen.pipeline.render.jinja import remember_words


class _German(gettext.NullTranslations):
    words: ClassVar[dict[str, str]] = {"Tags": "Schlagwörter", "Fish & chips": "Fisch & Pommes", "%(num)s post": "%(num)s Beitrag",
             "100%% sure": "100%% sicher", "Hello %(name)s": "Hallo %(name)s"}

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return "%(num)s Beitrag" if n == 1 else "%(num)s Beiträge"


def _env(remember: bool, translations: Any = None) -> Any:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), extensions=["jinja2.ext.i18n"],
                             autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined)
    if translations is None:
        env.install_null_translations(newstyle=True)
    else:
        env.install_gettext_translations(translations, newstyle=True)
    if remember:
        remember_words(env)
    return env


TEMPLATES = {
    "words.html": '{{ _("Tags") }}|{{ _("Fish & chips") }}|{{ _("100%% sure") }}|{{ _("Hello %(name)s", name=who) }}'
                  '|{{ gettext("Tags") }}|{% for i in [1, 2, 1] %}{{ ngettext("%(num)s post", "%(num)s posts", i) }},'
                  '{{ _("Tags") }};{% endfor %}{{ ngettext("%(num)s post", "%(num)s posts", 3, num="<b>") }}'
                  '|{% trans %}Tags{% endtrans %}|{% trans n=2 %}{{ n }} post{% pluralize %}{{ n }} posts{% endtrans %}',
    "words.txt": '{{ _("Fish & chips") }}|{{ _("Hello %(name)s", name=who) }}|{{ ngettext("%(num)s post", "%(num)s posts", 1) }}',
    "own.html": '{% set gettext = shout %}{{ _("Tags") }}',
}


@pytest.mark.parametrize("translations", [None, _German()], ids=["English", "German"])
@pytest.mark.parametrize("name", ["words.html", "words.txt"])
def test_words_are_those_jinja_says_again_and_again(translations: Any, name: str) -> None:
    jinja_env, env = _env(False, translations), _env(True, translations)
    expected = jinja_env.get_template(name).render(who="<Ann>")
    assert expected      # (the templates say something)
    for who in ("<Ann>", "<Ann>", "Bo"):     # the same words from memory, the variables every time
        want = jinja_env.get_template(name).render(who=who)
        assert env.get_template(name).render(who=who) == want
    assert "&lt;Ann&gt;" in expected or name.endswith(".txt")


def test_a_word_that_jinja_refuses_is_refused_the_same_way() -> None:
    jinja_env, env = _env(False), _env(True)
    for e in (jinja_env, env):
        with pytest.raises(KeyError):
            e.from_string('{{ _("%(name)s") }}').render()


def test_underscore_still_finds_a_gettext_of_the_page_s_own() -> None:
    env = _env(True)
    assert env.get_template("own.html").render(shout=lambda s: s.upper()) == "TAGS"


def test_a_new_catalogue_is_said_anew() -> None:
    env = _env(True)
    assert env.from_string('{{ _("Tags") }}').render() == "Tags"
    env.install_gettext_translations(_German(), newstyle=True)
    remember_words(env)
    assert env.from_string('{{ _("Tags") }}').render() == "Schlagwörter"
