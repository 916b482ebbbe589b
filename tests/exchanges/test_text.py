"""exchanges.text: whole words, folded and stemmed in the text's language
(French or English), function words out, the thesaurus bringing concepts
whatever the language. Plain values, no database."""

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


# English (issue: French and English stemming and stop words everywhere).


def english(value, thesaurus=None, **options):
    return text.analyse(value, thesaurus, language="en", **options)


def test_the_stemmer_is_the_texts_languages():
    assert text.stems("cooking lessons", "en") == text.stems("cook lesson", "en")
    assert text.stems("computers", "en") == text.stems("computer", "en")
    assert text.stems("gardening", "en") == text.stems("garden", "en")
    # Read as French, the English endings stay: French is the default.
    assert text.stems("computers") != text.stems("computer")
    assert text.stems("haies", "en") != text.stems("haie", "en")
    assert text.stems("computers", "en-GB") == text.stems("computer", "en")
    assert text.stems("computers", "wo") == text.stems("computers", "fr")


def test_english_function_words_and_the_fields_own_words_are_ignored():
    assert text.stems("Learning to make video calls", "en") == [
        text.stem("video", "en"),
        text.stem("calls", "en"),
    ]
    assert text.stems("I'd like someone who could show me, please", "en") == []
    assert text.stems("We don't need it, it's helped a lot", "en") == []
    # A keyword in French on an English listing loses its function words too.
    assert text.stems("aide pour la CAF", "en") == [text.stem("caf", "en")]


def test_a_function_word_of_one_language_is_a_word_of_the_other():
    assert text.stems("car", "en") == ["car"]
    assert text.stems("car") == []  # "because", in French
    assert "transport" in english("a lift by car").concepts
    assert "transport" not in text.analyse("car je suis seule").concepts


def test_the_thesaurus_finds_a_phrase_whatever_the_texts_language():
    for phrase in ("video calls", "appels vidéo", "visio", "videocalls"):
        for language in text.LANGUAGES:
            terms = text.analyse(phrase, language=language)
            assert "digital/video_calls" in terms.concepts, (phrase, language)
    # Found by its English stems in English ("computers" -> "comput"), by its
    # French stems in French ("computer" -> "comput").
    assert "digital" in english("my computers").concepts
    assert "digital" in text.analyse("mon computer").concepts
    assert "cooking" in english("cooking lessons").concepts
    assert "gardening" in english("gardening with the children").concepts


def test_a_phrase_is_looked_up_among_the_keys_of_the_texts_language():
    # "tennis" is "ten" to the French stemmer: an English "ten" is no sport.
    assert "hobbies/sport" in text.analyse("tennis").concepts
    assert "hobbies/sport" in english("tennis").concepts
    assert not english("ten minutes").concepts


def test_the_analyses_of_one_text_in_two_languages_are_kept_apart():
    french = text.analyse("computers")
    in_english = english("computers")
    assert french.keys != in_english.keys
    assert text.analyse("computers") is french
    assert english("computers") is in_english


def test_a_neighbourhoods_words_are_found_in_both_languages():
    local = text.base_thesaurus().extended([("repair cafés", "diy")])
    assert "diy" in english("The repair café of Saturday", local).concepts
    assert "diy" in text.analyse("au repair café samedi", local).concepts
    french_word = text.base_thesaurus().extended([("ressourceries", "lending")])
    assert "lending" in english("the ressourcerie", french_word).concepts


def test_parse_reads_concept_lines_and_skips_comments():
    assert text.parse(["# a comment", "", "diy: vélo, perceuse"]) == [
        ("vélo", "diy"),
        ("perceuse", "diy"),
    ]


@given(st.text(max_size=200), st.sampled_from(text.LANGUAGES))
def test_analysing_any_text_gives_folded_whole_words(value, language):
    for word_stem, written in text.words(value, language):
        assert word_stem == text.fold(word_stem)
        assert written in value
        assert text.fold(written) not in text.STOP_WORDS[language]


@given(st.text(max_size=100))
def test_folding_is_idempotent(value):
    assert text.fold(text.fold(value)) == text.fold(value)


@given(
    st.lists(st.sampled_from(["vélo", "pour", "visio", "CAF", "jardin"]), max_size=6)
)
def test_the_terms_of_several_texts_are_the_union_of_each(parts):
    together = text.analyse_all(parts).keys
    assert together == frozenset().union(*(keys(part) for part in parts))
