"""The `hyphenate` filter: long words get soft hyphens where their language
allows a break, after the text is escaped; short words and markup stay whole."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from community.templatetags.hyphens import LONG_WORD_MIN_LETTERS, hyphenate

SHY = "\u00ad"


def render(source: str, **context) -> str:
    return Template("{% load hyphens %}" + source).render(Context(context))


def test_a_long_french_word_gets_its_french_break_points():
    assert hyphenate("Atelier intergénérationnel", "fr") == (
        f"Atelier in{SHY}ter{SHY}gé{SHY}né{SHY}ra{SHY}tion{SHY}nel"
    )


def test_english_words_follow_the_english_patterns():
    assert hyphenate("accessibility", "en") == f"ac{SHY}cess{SHY}ib{SHY}il{SHY}ity"
    assert hyphenate("accessibility", "fr") == f"ac{SHY}ces{SHY}si{SHY}bi{SHY}li{SHY}ty"


def test_short_words_numbers_and_unknown_languages_are_left_whole():
    short = "x" * (LONG_WORD_MIN_LETTERS - 1)
    assert hyphenate(f"Aide {short} le 12345678901234", "fr") == (
        f"Aide {short} le 12345678901234"
    )
    assert SHY in hyphenate("informatique", "fr")  # exactly the minimum
    assert hyphenate("intergénérationnel", "xx") == "intergénérationnel"


def test_the_text_is_escaped_first_and_marked_safe_as_built():
    title = "<script>alert('informatique')</script> & <b>intergénérationnel</b>"

    shown = render("{{ title|hyphenate:'fr' }}", title=title)

    assert "<script>" not in shown and "<b>" not in shown
    assert shown.startswith("&lt;script&gt;alert(&#x27;in\u00adfor")
    assert "&amp; &lt;b&gt;in\u00adter" in shown
    assert isinstance(hyphenate(title, "fr"), SafeData)


def test_markup_already_safe_is_not_cut():
    link = mark_safe('<a href="/accessibilite-numerique/">accessibilité</a>')

    word = SHY.join(["ac", "ces", "si", "bi", "li", "té"])
    assert hyphenate(link, "fr") == f'<a href="/accessibilite-numerique/">{word}</a>'


def test_without_autoescape_the_text_is_not_marked_safe():
    shown = render(
        "{% autoescape off %}{{ title|hyphenate:'fr' }}{% endautoescape %}",
        title="<i>informatique</i>",
    )
    assert shown == f"<i>in{SHY}for{SHY}ma{SHY}tique</i>"
    assert not isinstance(hyphenate("informatique", "fr", autoescape=False), SafeData)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "ac\u00adcess"), ("fr", "ac\u00adces\u00adsi")]
)
def test_without_a_language_the_pages_language_is_used(language, expected):
    with translation.override(language):
        assert render("{{ word|hyphenate }}", word="accessibility").startswith(expected)


def test_it_chains_with_linebreaks_without_escaping_twice():
    shown = render(
        "{{ text|hyphenate:'fr'|linebreaks }}", text="Fish & chips\n\ninformatique"
    )
    assert shown == f"<p>Fish &amp; chips</p>\n\n<p>in{SHY}for{SHY}ma{SHY}tique</p>"
