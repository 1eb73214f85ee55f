"""CSV cells never start a spreadsheet formula, however the sign is disguised."""

import unicodedata

import pytest
from django.test import RequestFactory
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.api import _cell, _row
from search.query import Hit

# The brief of OWASP's CSV injection advice, extended: a spreadsheet reads a formula when
# the first character it sees is one of these, after whitespace (newlines too) and
# zero-width characters, with full-width and other compatibility forms folded (NFKC).
FORMULA_SIGNS = "=+-@"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
DISGUISES = " \t\r\n\u00a0\u3000\u2003" + ZERO_WIDTH
SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u207c\u208a\u2a75"


def _visible_start(cell):
    folded = unicodedata.normalize("NFKC", cell)
    position = 0
    while position < len(folded) and (folded[position].isspace() or folded[position] in ZERO_WIDTH):
        position += 1
    return folded[position : position + 1]


def _is_safe(cell):
    """Escaped (a leading quote), or neither a tab or carriage return first nor a formula
    sign first once the invisible characters are stripped and the text folded."""
    return cell.startswith("'") or (
        cell[:1] not in ("\t", "\r") and _visible_start(cell) not in tuple(FORMULA_SIGNS)
    )


disguised = st.builds(
    lambda prefix, sign, rest: prefix + sign + rest,
    st.text(alphabet=DISGUISES, max_size=5),
    st.sampled_from(SIGNS),
    st.text(max_size=20),
)
any_text = st.one_of(st.text(max_size=30), disguised)


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
@example("=HYPERLINK(1)")
@example("\u200b=1+1")
@example("\uff1dcmd|' /C calc'!A0")
def test_no_exported_cell_starts_a_formula(value):
    cell = _cell(value)
    assert _is_safe(cell)
    # Only ever a leading quote: the text itself is kept.
    assert cell in (value, "'" + value)


@settings(max_examples=100, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.builds(
        Hit,
        kind=st.just("recommendation"),
        kind_label=st.just("Recommendation"),
        title=any_text,
        url=st.just("/recommendations/X/"),
        snippet=st.just(""),
        language=any_text,
        identifier=any_text,
        text=any_text,
        working_group_title=any_text,
        level=any_text,
        addressees=st.lists(st.tuples(st.just("code"), any_text), max_size=2),
        themes=st.lists(st.tuples(st.just("slug"), any_text), max_size=2),
    )
)
def test_every_column_of_a_row_is_escaped(hit):
    request = RequestFactory().get("/api/v1/recommendations.csv")
    assert all(_is_safe(cell) for cell in _row(request, hit))


@settings(max_examples=200, derandomize=True)
@given(st.characters(categories=["L", "N"]), st.text(max_size=30))
def test_text_that_starts_with_a_letter_or_digit_is_left_alone(first, rest):
    assert _cell(first + rest) == first + rest


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "  =1",
        "\n=1",
        "\r\n@x",
        "\u200b=1",
        "\u200c+1",
        "\u200d-1",
        "\ufeff@x",
        "\u2060=1",
        "\uff1d1",
        "\uff0b1",
        "\uff0d1",
        "\uff20x",
        " \u3000\uff1d1",
        "\u2212 1",
        "- Ensure the independence of national institutions.",
    ],
)
def test_formula_signs_behind_invisible_characters_are_quoted(value):
    assert _cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "Plain",
        "Protect migrant workers' rights.",
        "HR23-WG2-R02",
        "2025",
        "https://example.org/recommendations/HR23-WG2-R02/",
        "e-mail the secretariat",
        " a = b",
        "",
    ],
)
def test_legitimate_text_is_unchanged(value):
    assert _cell(value) == value


def test_none_is_an_empty_cell():
    assert _cell(None) == ""
