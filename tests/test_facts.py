"""Facts: loading data/facts.yaml, formatting, {{ fact() }} expansion and stale numbers."""

from __future__ import annotations

import pytest

from sitegen.errors import SitegenError
from sitegen.toolkit.data import load_yaml
from sitegen.toolkit.facts import Facts, code_ranges, expand_facts, stale_numbers

FACTS_YAML = """\
xiaomi:
  target_2026:
    value: 550000
    unit: units
    as_of: 2026-01-12
    source: Company statement
  founded:
    value: 2010
ev:
  share:
    value: 12.5
    unit: "%"
    match: [[EV, electric], share]
  price:
    value: 45990
    unit: $
  battery:
    value: 75
    unit: kWh
  capex:
    value: 12
    unit: USD bn
  margin:
    value: -3.25
    unit: "%"
    decimals: 1
"""


@pytest.fixture
def facts() -> Facts:
    return Facts(load_yaml(FACTS_YAML, file="data/facts.yaml"))


def test_dotted_names_address_nested_facts(facts):
    assert facts.names() == ["ev.battery", "ev.capex", "ev.margin", "ev.price", "ev.share",
                             "xiaomi.founded", "xiaomi.target_2026"]
    fact = facts.get("xiaomi.target_2026")
    assert (fact.value, fact.unit, fact.as_of, fact.source) == (
        550000, "units", "2026-01-12", "Company statement")
    assert fact.line == 2 and fact.file == "data/facts.yaml"


@pytest.mark.parametrize("name, text", [
    ("xiaomi.target_2026", "550,000 units"),
    ("xiaomi.founded", "2,010"),
    ("ev.share", "12.5%"),
    ("ev.price", "$45,990"),
    ("ev.battery", "75 kWh"),
    ("ev.capex", "USD 12 bn"),
    ("ev.margin", "-3.3%"),
])
def test_formatting(facts, name, text):
    assert facts.format(name) == text


def test_unknown_fact_suggests_close_names(facts):
    with pytest.raises(SitegenError) as exc:
        facts.get("xiaomi.target")
    assert "unknown fact 'xiaomi.target'" in exc.value.first.message
    assert "xiaomi.target_2026" in exc.value.first.hint


@pytest.mark.parametrize("yaml_text, line, message", [
    ("a:\n  b: 5\n", 2, "must be a mapping with a 'value'"),
    ("a:\n  b:\n    value: 5\n    units: kWh\n", 4, "unknown key 'units'"),
    ("a:\n  b:\n    value: [1, 2]\n", 3, "must be a number or text"),
    ("a:\n  b:\n    value: 1\n    decimals: -1\n", 4, "decimals"),
    ("a:\n  b:\n    value: 1\n    match: hello\n", 4, "match must be a list"),
    ("a:\n  b:\n    value: 1\n    source: {txt: x}\n", 4, "source"),
])
def test_bad_facts_file_names_the_line(yaml_text, line, message):
    with pytest.raises(SitegenError) as exc:
        Facts(load_yaml(yaml_text, file="data/facts.yaml"))
    p = exc.value.first
    assert (p.file, p.line) == ("data/facts.yaml", line)
    assert message in p.message and p.hint


def test_all_bad_facts_are_reported_together():
    with pytest.raises(SitegenError) as exc:
        Facts(load_yaml("a: 1\nb:\n  value: 2\n  colour: red\n", file="data/facts.yaml"))
    assert [p.line for p in exc.value.problems] == [1, 4]


def test_no_facts_file_means_no_facts():
    facts = Facts.from_data({})
    assert len(facts) == 0
    with pytest.raises(SitegenError) as exc:
        facts.get("a.b")
    assert "data/facts.yaml" in exc.value.first.hint


# --- expansion ------------------------------------------------------------------------------

def test_fact_calls_are_replaced_in_prose(facts):
    text = ("Xiaomi wants {{ fact(\"xiaomi.target_2026\") }} in 2026, "
            "{{fact('ev.share')}} share and {{  fact( 'ev.price' )  }}.")
    assert expand_facts(text, facts, file="p.md") == (
        "Xiaomi wants 550,000 units in 2026, 12.5% share and $45,990.")


def test_fact_calls_in_code_blocks_and_spans_are_left_alone(facts):
    text = ("Write `{{ fact(\"ev.share\") }}` to show it.\n\n"
            "```markdown\n{{ fact(\"ev.share\") }}\n```\n\n"
            "~~~~\n{{ fact(\"nope\") }}\n~~~~\n\n"
            "``code with ` and {{ fact(\"nope\") }}``\n\n"
            "Now: {{ fact(\"ev.share\") }}\n")
    out = expand_facts(text, facts, file="p.md")
    assert out == text.replace('Now: {{ fact("ev.share") }}', "Now: 12.5%")


def test_unclosed_fence_protects_the_rest_of_the_text(facts):
    text = "{{ fact(\"ev.share\") }}\n```\n{{ fact(\"nope\") }}\n"
    assert expand_facts(text, facts, file="p.md") == "12.5%\n```\n{{ fact(\"nope\") }}\n"


def test_code_ranges_cover_fences_and_spans():
    text = "a `b` c\n```\nx\n```\nd"
    assert [text[s:e] for s, e in code_ranges(text)] == ["`b`", "```\nx\n```\n"]


def test_unknown_fact_is_an_error_with_post_file_and_line(facts):
    text = "Intro.\n\nThe goal is {{ fact(\"xiaomi.goal\") }}.\n"
    with pytest.raises(SitegenError) as exc:
        expand_facts(text, facts, file="content/posts/x.md", first_line=8)
    p = exc.value.first
    assert (p.file, p.line) == ("content/posts/x.md", 10)
    assert "xiaomi.goal" in p.message and "did you mean" in p.hint


def test_malformed_call_and_several_unknown_facts_are_reported_together(facts):
    text = "{{ fact(ev.share) }}\n{{ fact(\"a\") }} {{ fact(\"b\") }}\n"
    with pytest.raises(SitegenError) as exc:
        expand_facts(text, facts, file="p.md")
    assert [(p.line, p.message.split(":")[0]) for p in exc.value.problems] == [
        (1, "malformed fact call"), (2, "unknown fact 'a'"), (2, "unknown fact 'b'")]


# --- stale numbers --------------------------------------------------------------------------

def lines(problems) -> list[tuple[int, str]]:
    return [(p.line, p.message.split("'")[1]) for p in problems]


def test_stale_number_near_the_fact_is_flagged(facts):
    text = "Intro.\n\nXiaomi's 2026 target is 500,000 cars.\n"
    problems = stale_numbers(text, facts, file="p.md", first_line=5)
    assert lines(problems) == [(7, "500,000")]
    p = problems[0]
    assert p.file == "p.md" and "550,000 units" in p.message and "2026-01-12" in p.message
    assert 'fact("xiaomi.target_2026")' in p.hint


@pytest.mark.parametrize("sentence", [
    "Xiaomi's 2026 target is 550,000 cars.",            # the right number
    "Xiaomi's 2026 target is 550k cars.",               # the right number, abbreviated
    "Xiaomi's 2026 target is 0.55 million cars.",       # the right number, in millions
    "Xiaomi's target for 2026 is about 600,000.",       # 550,000 rounded to 100,000s
])
def test_numbers_that_agree_with_the_fact_are_not_flagged(facts, sentence):
    assert stale_numbers(sentence, facts, file="p.md") == []


@pytest.mark.parametrize("text", [
    "Xiaomi sold 500,000 phones in 2026.",                       # no 'target' in the sentence
    "Xiaomi's 2025 target was 300,000.",                         # the year in the name is missing
    "Xiaomi's 2026 target is one of ten goals, set in 2026.",    # only small numbers and years
    "Xiaomi's 2026 target is 5,000,000 phones.",                 # far from the value
    "Xiaomi's 2026 target is 50% higher.",                       # a percentage, not a count
    "Xiaomi's 2026 target: `500,000` in code.",                  # number in code
    "```\nXiaomi's 2026 target is 500,000.\n```",                # sentence in a fenced block
    "Xiaomi's 2026 target is {{ fact(\"xiaomi.target_2026\") }}, after 500,000 before.",
    "<!-- Xiaomi's 2026 target is 500,000 -->",                  # an HTML comment
    "See [Xiaomi's 2026 target](https://example.com/500000).",   # number only in a URL
])
def test_unrelated_or_protected_numbers_are_not_flagged(facts, text):
    assert stale_numbers(text, facts, file="p.md") == []


def test_sentence_boundaries_limit_the_match(facts):
    text = "Xiaomi has a 2026 target. Rivian has built about 500,000 vehicles."
    assert stale_numbers(text, facts, file="p.md") == []


def test_match_list_replaces_the_name_words(facts):
    text = "Electric cars took a 15% share. EV share was 12.5% last year. Share of EVs: 11%."
    assert lines(stale_numbers(text, facts, file="p.md")) == [(1, "15%"), (1, "11%")]


def test_percentages_compare_with_written_precision(facts):
    assert lines(stale_numbers("The EV share is 12%.", facts, file="p.md")) == [(1, "12%")]
    assert stale_numbers("The EV share is 13%.", facts, file="p.md") == []   # 12.5 rounds to 13
    assert stale_numbers("The EV share is 12.5%.", facts, file="p.md") == []
    assert lines(stale_numbers("The EV share is 12.4%.", facts, file="p.md")) == [(1, "12.4%")]


def test_one_warning_per_sentence_names_the_closest_number(facts):
    text = "Xiaomi's 2026 target is 500,000, up from 300,000 earlier."
    assert lines(stale_numbers(text, facts, file="p.md")) == [(1, "500,000")]


def test_heading_and_list_items_are_separate_sentences(facts):
    text = "## Xiaomi's 2026 target\n- 500,000 were sold elsewhere\n- Xiaomi's 2026 target: 520,000\n"
    assert lines(stale_numbers(text, facts, file="p.md", first_line=3)) == [(5, "520,000")]


def test_stale_check_of_a_currency_scale_fact(facts):
    text = "The ev capex budget is $11bn. The capex of EV makers is $12 billion."
    assert lines(stale_numbers(text, facts, file="p.md")) == [(1, "$11bn")]
