"""What a text is about, for matching and search: its words and its concepts.

Pure Python, no database. A text is folded (accents off, lower case), cut into
whole words, stripped of function words (French and English, kept in
`thesaurus/stopwords.txt`), and each word reduced to its Snowball stem; the
thesaurus of the field (`thesaurus/fr.txt`, everyday words and the subjects
they are about) adds concepts, so that "visio" and "smartphone" both reach
digital help. A coordinator's extra words for a neighbourhood come as a
`Thesaurus` built with `extended`.

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
_STEMMER = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, accents off: "Démarches" -> "demarches"."""
    lowered = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The Snowball (French) stem of one folded word."""
    return _STEMMER.stemWord(word)


def _read_stop_words() -> frozenset[str]:
    words = set()
    for line in (DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(fold(line).split())
    return frozenset(words)


STOP_WORDS = _read_stop_words()
STOP_STEMS = frozenset(stem(word) for word in STOP_WORDS)


def _is_content(word: str) -> bool:
    return (
        len(word) > 1
        and not word.isdigit()
        and word not in STOP_WORDS
        and stem(word) not in STOP_STEMS
    )


def words(text: str) -> list[tuple[str, str]]:
    """The content words of `text`, whole words only, in order: pairs of
    (stem, word as written)."""
    found = []
    for match in _WORD.finditer(text or ""):
        written = match.group()
        folded = fold(written)
        if _is_content(folded):
            found.append((stem(folded), written))
    return found


def stems(text: str) -> list[str]:
    return [word_stem for word_stem, _written in words(text)]


@dataclass(frozen=True)
class Thesaurus:
    """Phrases (as tuples of stems) and the concepts they are about."""

    phrases: dict = field(default_factory=dict)  # tuple of stems -> set of concepts
    longest: int = 1

    def extended(self, entries) -> "Thesaurus":
        """This thesaurus with more (phrase, concept) pairs."""
        phrases = {key: set(value) for key, value in self.phrases.items()}
        for phrase, concept in entries:
            key = tuple(stems(phrase))
            if key and concept:
                phrases.setdefault(key, set()).add(concept.strip().lower())
        longest = max((len(key) for key in phrases), default=1)
        return Thesaurus(phrases=phrases, longest=longest)

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


def _analyse(text: str, thesaurus: Thesaurus, *, broader: bool) -> dict:
    found = words(text)
    written: dict[str, str] = {}
    for word_stem, word in found:
        written.setdefault(word_stem, word)
    position = 0
    while position < len(found):
        taken = 1
        for size in range(min(thesaurus.longest, len(found) - position), 0, -1):
            window = found[position : position + size]
            concepts = thesaurus.phrases.get(tuple(s for s, _w in window))
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
def analyse(text: str, thesaurus: Thesaurus | None = None, *, broader=False) -> Terms:
    """The stems and concepts of `text`. With `broader`, a subject also brings
    its category (a listing about video calls is about digital help; a
    person who likes chess is not thereby interested in every hobby)."""
    return Terms(_analyse(text, thesaurus or base_thesaurus(), broader=broader))


def analyse_all(texts, thesaurus=None, *, broader=False) -> Terms:
    """The terms of several texts (a profile's tags, a listing's fields)."""
    written: dict[str, str] = {}
    for text in texts:
        for term, word in analyse(text, thesaurus, broader=broader).written.items():
            written.setdefault(term, word)
    return Terms(written)
