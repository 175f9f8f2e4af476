"""theme.page_context: a template calls functions through it as through Jinja's Context."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from sitegen.pipeline.render.theme import page_context


def _seen(context: Any, name: str) -> str:
    return f"{name}={context.resolve(name)}"


def _stop() -> str:
    raise StopIteration


class Shout:
    def __call__(self, text: str) -> str:
        return text.upper()


class WithContext:
    @jinja2.pass_context
    def __call__(self, context: Any, name: str) -> str:
        return f"{name}:{context.resolve(name)}"


FUNCTIONS: dict[str, Any] = {
    "plain": lambda a, b="-", **more: f"{a}{b}{sorted(more.items())}",
    "seen": jinja2.pass_context(_seen),
    "escaping": jinja2.pass_eval_context(lambda eval_ctx, s: f"{eval_ctx.autoescape}:{s}"),
    "env_name": jinja2.pass_environment(lambda environment, s: f"{type(environment).__name__}:{s}"),
    "stop": _stop,
    "shout": Shout(),
    "with_context": WithContext(),
}

TEMPLATE = (
    '{{ plain(1) }}|{{ plain(1, "<b>") }}|{{ plain(1, obj=2, self=3) }}|{{ seen("x") }}|{{ escaping("&") }}'
    '|{{ env_name("e") }}|{{ shout("hi") }}|{{ with_context("x") }}|{{ stop() is undefined }}'
    '|{% for x in [1, 2] %}{% set y = x * 10 %}{{ plain(x) }},{{ seen("x") }},{{ seen("y") }},'
    '{{ with_context("y") }},{{ escaping(x) }},{{ range(x) | list }};{% endfor %}'
    '{% macro m(v) %}[{{ plain(v) }}{{ seen("v") }}{{ caller() if caller }}]{% endmacro %}{{ m(5) }}'
    '{% call m(6) %}{{ seen("x") }}{% endcall %}{% block b %}{% set z = 7 %}{{ seen("z") }}{% endblock %}'
    '{% set x = "top" %}{{ seen("x") }}'
)


@pytest.mark.parametrize("autoescape", [True, False])
def test_calls_say_what_jinja_s_context_says(autoescape: bool) -> None:
    def render(context_class: Any) -> str:
        env = jinja2.Environment(autoescape=autoescape)
        env.context_class = context_class
        env.globals.update(FUNCTIONS)
        return env.from_string(TEMPLATE).render(x="outer")

    expected = render(jinja2.runtime.Context)
    assert "y=10" in expected and "True" in expected       # (the template says what it should test)
    assert render(page_context()) == expected


def test_an_error_in_a_called_function_is_raised_as_it_is() -> None:
    env = jinja2.Environment()
    env.context_class = page_context()
    env.globals["fail"] = lambda: 1 / 0
    with pytest.raises(ZeroDivisionError):
        env.from_string("{{ fail() }}").render()
