"""What a text is about, for matching and search: its words and its concepts.

Pure Python, no database. A text is read in its language (French by default,
or English: `LANGUAGES`): folded (accents off, lower case), cut into whole
words, stripped of function words (French and English, kept in
`thesaurus/stopwords.txt`), and each word reduced to its Snowball stem in that
language ("cooking" and "cook" meet in English, "réparations" and
"réparation" in French); the thesaurus of the field (`thesaurus/fr.txt`,
everyday words of both languages and the subjects they are about) adds
concepts, so that "visio" and "smartphone" both reach digital help, and a
French request meets an English offer on the same subject. A coordinator's
extra words for a neighbourhood come as a `Thesaurus` built with `extended`.

Every function keeps, beside each stem or concept, the words as the person
wrote them, so that a reason can quote both sides.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

DATA = Path(__file__).resolve().parent / "thesaurus"
CONCEPT = "@"  # concepts are kept beside stems, with this mark in front
SUBJECT = "/"  # category/subject
_WORD = re.compile(r"[^\W_]+")
FRENCH = "fr"
ENGLISH = "en"
DEFAULT_LANGUAGE = FRENCH
# The languages a text can be read in, and their Snowball stemmers.
_STEMMERS = {
    FRENCH: snowballstemmer.stemmer("french"),
    ENGLISH: snowballstemmer.stemmer("english"),
}
LANGUAGES = tuple(_STEMMERS)


def language_of(code: str | None) -> str:
    """The language a text is read in, from a language code ("en", "en-gb",
    "fr"); the default for any other."""
    code = (code or "").split("-")[0].lower()
    return code if code in _STEMMERS else DEFAULT_LANGUAGE


def fold(text: str) -> str:
    """Lower case, accents off: "Démarches" -> "demarches"."""
    lowered = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=40000)
def stem(word: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The Snowball stem of one folded word, in `language`."""
    return _STEMMERS[language_of(language)].stemWord(word)


def _read_stop_words() -> tuple[dict, dict]:
    """({language: its function words}, {language: the other language's
    function words it keeps as words of its own}), from stopwords.txt."""
    own = {language: set() for language in LANGUAGES}
    keep = {language: set() for language in LANGUAGES}
    section = own[DEFAULT_LANGUAGE]
    for line in (DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1].split()
            section = keep[name[1]] if name[0] == "keep" else own[name[0]]
        elif line and not line.startswith("#"):
            section.update(fold(line).split())
    return own, keep


_OWN_STOP_WORDS, _KEPT_WORDS = _read_stop_words()
# A text drops the function words of both languages, but the ones its own
# language reads as words ("car" in English)...
STOP_WORDS = {
    language: frozenset().union(*_OWN_STOP_WORDS.values()) - _KEPT_WORDS[language]
    for language in LANGUAGES
}
# ... and the words whose stem, in its language, is one of its own function
# words' ("souhaitons", "helped"). Only its own: an English stem of a French
# function word ("faire" -> "fair") is an English word.
STOP_STEMS = {
    language: frozenset(stem(word, language) for word in _OWN_STOP_WORDS[language])
    for language in LANGUAGES
}


def _is_content(word: str, language: str) -> bool:
    return (
        len(word) > 1
        and not word.isdigit()
        and word not in STOP_WORDS[language]
        and stem(word, language) not in STOP_STEMS[language]
    )


def words(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """The content words of `text`, read in `language`, whole words only, in
    order: pairs of (stem, word as written)."""
    language = language_of(language)
    found = []
    for match in _WORD.finditer(text or ""):
        written = match.group()
        folded = fold(written)
        if _is_content(folded, language):
            found.append((stem(folded, language), written))
    return found


def stems(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    return [word_stem for word_stem, _written in words(text, language)]


def phrase_keys(phrase: str) -> dict[str, tuple[str, ...]]:
    """The keys a phrase is found by in a text of each language: its stems
    in French and its stems in English ("video calls": ("video", "call") in
    both; "computers": ("computer",) in French, ("comput",) in English). A
    language in which the phrase is only function words has none."""
    keys = {language: tuple(stems(phrase, language)) for language in LANGUAGES}
    return {language: key for language, key in keys.items() if key}


@dataclass(frozen=True)
class Thesaurus:
    """Phrases and the concepts they are about. Each phrase, French or
    English, is keyed by its French stems and by its English stems, both keys
    pointing at the same concepts; a text looks its words up among the keys
    of its own language, so that its stems meet the phrase's stems made the
    same way (and "tennis", "ten" in French stems, does not catch the English
    "ten")."""

    # language -> tuple of stems -> set of concepts
    phrases: dict = field(default_factory=dict)
    longest: int = 1

    def extended(self, entries) -> "Thesaurus":
        """This thesaurus with more (phrase, concept) pairs, each phrase found
        whatever the language of the text (phrase_keys)."""
        phrases = {
            language: {
                key: set(value) for key, value in self.phrases.get(language, {}).items()
            }
            for language in LANGUAGES
        }
        for phrase, concept in entries:
            if not concept.strip():
                continue
            for language, key in phrase_keys(phrase).items():
                phrases[language].setdefault(key, set()).add(concept.strip().lower())
        longest = max(
            (len(key) for keys in phrases.values() for key in keys), default=1
        )
        return Thesaurus(phrases=phrases, longest=longest)

    def concepts(self, key: tuple[str, ...], language: str) -> set[str]:
        """The concepts of the phrase with these stems in `language`."""
        return self.phrases.get(language, {}).get(key, set())

    def __hash__(self):
        return id(self)


def parse(lines) -> list[tuple[str, str]]:
    """(phrase, concept) pairs of thesaurus lines `concept: phrase, phrase`."""
    entries = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        concept, phrases = line.split(":", 1)
        for phrase in phrases.split(","):
            if phrase.strip():
                entries.append((phrase.strip(), concept.strip()))
    return entries


@functools.cache
def base_thesaurus() -> Thesaurus:
    """The thesaurus kept in the repository."""
    lines = (DATA / "fr.txt").read_text(encoding="utf-8").splitlines()
    return Thesaurus().extended(parse(lines))


@functools.lru_cache(maxsize=256)
def thesaurus_with(entries: tuple) -> Thesaurus | None:
    """The kept thesaurus with more (phrase, concept) pairs: the same object
    for the same pairs, so that the analyses made with it stay cached. None
    (the kept thesaurus) without any."""
    if not entries:
        return None
    return base_thesaurus().extended(entries)


def category_of(concept: str) -> str:
    """The category a concept belongs to: "hobbies/chess" -> "hobbies"."""
    return concept.split(SUBJECT, 1)[0]


@dataclass(frozen=True)
class Terms:
    """What a text is about: stems and concepts (marked with CONCEPT), each
    with the words that brought it, as written."""

    written: dict  # term -> the words as written
    weak: frozenset = frozenset()  # terms only implied (a listing's category)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.written)

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(t[1:] for t in self.written if t.startswith(CONCEPT))

    def __bool__(self):
        return bool(self.written)


def _analyse(text: str, thesaurus: Thesaurus, *, broader: bool, language: str):
    found = words(text, language)
    written: dict[str, str] = {}
    for word_stem, word in found:
        written.setdefault(word_stem, word)
    position = 0
    while position < len(found):
        taken = 1
        for size in range(min(thesaurus.longest, len(found) - position), 0, -1):
            window = found[position : position + size]
            concepts = thesaurus.concepts(tuple(s for s, _w in window), language)
            if concepts:
                phrase = " ".join(w for _s, w in window)
                for concept in concepts:
                    written.setdefault(CONCEPT + concept, phrase)
                    if broader and SUBJECT in concept:
                        written.setdefault(CONCEPT + category_of(concept), phrase)
                taken = size
                break
        position += taken
    return written


@functools.lru_cache(maxsize=10000)
def analyse(
    text: str,
    thesaurus: Thesaurus | None = None,
    *,
    broader=False,
    language: str = DEFAULT_LANGUAGE,
) -> Terms:
    """The stems and concepts of `text`, read in `language` (its stems, its
    function words; the thesaurus's phrases of both languages). With
    `broader`, a subject also brings its category (a listing about video
    calls is about digital help; a person who likes chess is not thereby
    interested in every hobby)."""
    return Terms(
        _analyse(
            text,
            thesaurus or base_thesaurus(),
            broader=broader,
            language=language_of(language),
        )
    )


def analyse_all(
    texts, thesaurus=None, *, broader=False, language: str = DEFAULT_LANGUAGE
) -> Terms:
    """The terms of several texts in one language (a profile's tags, a
    listing's fields)."""
    written: dict[str, str] = {}
    for text in texts:
        terms = analyse(text, thesaurus, broader=broader, language=language)
        for term, word in terms.written.items():
            written.setdefault(term, word)
    return Terms(written)
