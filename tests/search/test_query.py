"""The query language: parsed without ever failing on what a user types."""

import pytest

from search.backends.database import fts5_query, tsquery
from search.query import MAX_QUERY_LENGTH, MAX_WORDS, parse_query
from search.text import fold, highlight, index_text


def shape(text, **options):
    parsed = parse_query(text, **options)
    return [
        (clause.negated, [(term.tokens, term.prefix) for term in clause.alternatives])
        for clause in parsed.clauses
    ]


def test_words_phrases_or_exclusion_and_prefix():
    assert shape('human "action plans" trade OR business -tax migra') == [
        (False, [(("human",), False)]),
        (False, [(("action", "plans"), False)]),
        (False, [(("trade",), False), (("business",), False)]),
        (True, [(("tax",), False)]),
        (False, [(("migra",), True)]),
    ]


def test_only_the_last_word_is_a_prefix_and_not_after_a_space():
    assert shape("rights migra ")[-1] == (False, [(("migra",), False)])
    assert shape("rig* migra", prefix_last=False) == [
        (False, [(("rig",), True)]),
        (False, [(("migra",), False)]),
    ]


def test_accents_case_and_full_width_letters_are_folded():
    assert shape("ÉTABLIR Ｄroits ") == [
        (False, [(("etablir",), False)]),
        (False, [(("droits",), False)]),
    ]
    assert fold("Établir l'Indépendance") == "etablir l'independance"


def test_identifiers_become_phrases():
    assert shape("HR24-WG2-R03 ") == [(False, [(("hr24", "wg2", "r03"), False)])]


def test_unbalanced_quotes_become_plain_words():
    assert shape('"action plans') == [
        (False, [(("action",), False)]),
        (False, [(("plans",), True)]),
    ]


def test_control_characters_are_dropped():
    assert shape("mi\x00gr\x07ant\u200b ") == [
        (False, [(("mi",), False)]),
        (False, [(("gr",), False)]),
        (False, [(("ant",), False)]),
    ]


def test_ten_thousand_characters_are_refused_with_a_reason():
    parsed = parse_query("a" * 10_000)
    assert parsed.clauses == () and str(MAX_QUERY_LENGTH) in str(parsed.error)


def test_too_many_words_are_refused_with_a_reason():
    parsed = parse_query(" ".join(f"w{n}" for n in range(MAX_WORDS + 1)))
    assert parsed.clauses == () and parsed.error


def test_only_exclusions_is_refused_with_a_reason():
    assert parse_query("-tax -trade").error


@pytest.mark.parametrize("text", ["", "OR", "- -", '""', "***", "--x", "OR -x OR", "\x00"])
def test_degenerate_queries_parse(text):
    parse_query(text)


def test_cjk_runs_become_adjacent_character_pairs():
    assert shape("人权委员会") == [(False, [(("人权", "权委", "委员", "员会"), False)])]
    assert shape("权") == [(False, [(("权",), True)])]
    assert index_text("加强人权") == "加强 强人 人权 权"


def test_thai_keeps_its_vowel_marks():
    assert fold("สิทธิมนุษยชน") == "สิทธิมนุษยชน"


def test_compiled_queries():
    parsed = parse_query('rights "action plans" trade OR business -tax migra')
    assert tsquery(parsed) == (
        "('rights') & (('action' <-> 'plans')) & ('trade' | 'business') & !('tax') & ('migra':*)"
    )
    assert fts5_query(parsed) == (
        '(("rights") AND ("action plans") AND ("trade" OR "business") AND ("migra" *)) NOT ("tax")'
    )


def test_highlight_escapes_then_marks():
    snippet = highlight("<b>Droits</b> & rights of migrants", [("droit", False), ("migrant", True)])
    assert snippet == "&lt;b&gt;<mark>Droits</mark>&lt;/b&gt; &amp; rights of <mark>migrants</mark>"


def test_highlight_marks_cjk_substrings():
    assert highlight("加强人权委员会", [("人权", False)]) == "加强<mark>人权</mark>委员会"


def test_highlight_excerpt_is_bounded():
    text = "word " * 500 + "target " + "word " * 500
    snippet = highlight(text, [("target", False)])
    assert "<mark>target</mark>" in snippet and len(snippet) < 400


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tromsø", "tromso"),
        ("ØRESUND", "oresund"),
        ("Æble", "aeble"),
        ("Œuvre", "oeuvre"),
        ("Đà Nẵng", "da nang"),
        ("Łódź", "lodz"),
        ("Þingvellir", "thingvellir"),
        ("Iğdır", "igdir"),
    ],
)
def test_letters_unicode_does_not_decompose_are_folded_too(text, folded):
    assert fold(text) == folded


def test_a_query_and_the_index_fold_a_stroke_alike():
    assert shape("Tromsø ") == shape("Tromso ") == [(False, [(("tromso",), False)])]
    assert index_text("Tromsø, Norway") == "tromso norway"
    assert highlight("Held in Tromsø.", [("tromso", False)]) == "Held in <mark>Tromsø</mark>."
