"""exchanges.text: whole words, folded and stemmed, function words out, the
thesaurus bringing concepts. Plain values, no database."""

from hypothesis import given
from hypothesis import strategies as st

from exchanges import text


def keys(value, **options):
    return text.analyse(value, **options).keys


def test_accents_and_case_do_not_matter():
    assert keys("Démarches en LIGNE") == keys("demarches en ligne")


def test_plurals_and_verb_forms_share_a_stem():
    assert text.stems("réparations") == text.stems("réparation")
    assert text.stems("haies") == text.stems("haie")


def test_function_words_and_the_fields_own_words_are_ignored():
    assert text.stems("Aide pour remplir un formulaire de la CAF") == [
        text.stem("remplir"),
        text.stem("formulaire"),
        text.stem("caf"),
    ]
    assert text.stems("I need some help with the") == []


def test_a_word_inside_a_longer_word_is_not_that_word():
    assert not (keys("Cours de français") & keys("Je fais vos courses"))


def test_everyday_words_reach_their_category():
    for phrase in ("visio", "appel vidéo", "WhatsApp", "Skype", "tablette"):
        assert "digital" in text.analyse(phrase, broader=True).concepts, phrase
    for phrase in ("CAF", "impôts", "retraite", "carte grise", "HLM"):
        assert "paperwork" in text.analyse(phrase).concepts, phrase
    for phrase in ("tailler la haie", "tondre", "potager"):
        assert "gardening" in text.analyse(phrase).concepts, phrase
    for phrase in ("vélo", "réparer", "bricoler"):
        assert "diy" in text.analyse(phrase).concepts, phrase
    assert "paperwork" in text.analyse("un courrier au propriétaire").concepts
    assert "paperwork" in text.analyse("my tax forms").concepts


def test_a_subject_brings_its_category_only_when_asked():
    assert text.analyse("échecs").concepts == {"hobbies/chess"}
    assert text.analyse("échecs", broader=True).concepts == {"hobbies/chess", "hobbies"}


def test_the_words_as_written_are_kept_for_the_reasons():
    terms = text.analyse("Faire des appels vidéo", broader=True)
    assert terms.written["@digital/video_calls"] == "appels vidéo"
    assert terms.written[text.stem("appels")] == "appels"


def test_a_longer_phrase_wins_over_its_first_word():
    assert "family" in text.analyse("mes petits-enfants").concepts
    assert "childcare" not in text.analyse("mes petits-enfants").concepts


def test_an_extended_thesaurus_adds_a_neighbourhoods_words():
    local = text.base_thesaurus().extended([("la Ressourcerie", "lending")])
    assert "lending" in text.analyse("à la Ressourcerie", local).concepts
    assert "lending" not in text.analyse("à la Ressourcerie").concepts


def test_parse_reads_concept_lines_and_skips_comments():
    assert text.parse(["# a comment", "", "diy: vélo, perceuse"]) == [
        ("vélo", "diy"),
        ("perceuse", "diy"),
    ]


@given(st.text(max_size=200))
def test_analysing_any_text_gives_folded_whole_words(value):
    for word_stem, written in text.words(value):
        assert word_stem == text.fold(word_stem)
        assert written in value
        assert text.fold(written) not in text.STOP_WORDS


@given(st.text(max_size=100))
def test_folding_is_idempotent(value):
    assert text.fold(text.fold(value)) == text.fold(value)


@given(
    st.lists(st.sampled_from(["vélo", "pour", "visio", "CAF", "jardin"]), max_size=6)
)
def test_the_terms_of_several_texts_are_the_union_of_each(parts):
    together = text.analyse_all(parts).keys
    assert together == frozenset().union(*(keys(part) for part in parts))
