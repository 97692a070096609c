"""Small text utilities shared by deduplication, chapter scoring and the glossary."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from .clean import STOP_WORDS

_TOKEN = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*", re.U)
# A sentence ends after . ! ? or …, with the closing quotes or brackets that follow them
# ('He said "no." Then' is 'He said "no."' and 'Then'): split at the white space (group 1).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(\s+)(?=[\"'“‘(]*[A-Z0-9])")


def fold(text: str) -> str:
    """Lower case, accents removed, dashes and quotes unified: for comparing, never printing."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text.lower()).strip()


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def tokens(text: str) -> list[str]:
    """Folded words. Accents go by one regular expression rather than character by
    character: 20,000 articles are 10 million characters."""
    if not text.isascii():
        # str.replace, not str.translate: translate looks every character up in a dict.
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=8)
def _stemmer(language: str):
    try:
        return snowballstemmer.stemmer(_LANGUAGES.get(language, language))
    except KeyError:
        return snowballstemmer.stemmer("english")


_LANGUAGES = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
              "pt": "portuguese", "nl": "dutch", "ru": "russian", "sv": "swedish", "no": "norwegian",
              "da": "danish", "fi": "finnish"}


def stems(text: str, language: str = "en", drop_stop_words: bool = True) -> list[str]:
    """Content-word stems: 'cables' and 'cable' meet; 'the' and 'of' are gone."""
    words = [w for w in tokens(text) if not (drop_stop_words and w in STOP_WORDS) and len(w) > 1]
    return [_stem(language, w) for w in words]


def stem_words(words: list[str], language: str = "en") -> list[str]:
    """`stems` for words already tokenised."""
    return [_stem(language, w) for w in words if w not in STOP_WORDS and len(w) > 1]


@lru_cache(maxsize=500_000)
def _stem(language: str, word: str) -> str:
    """A corpus repeats its words endlessly: each word is stemmed once (bench/README.md:
    stemming was the largest cost before rendering). snowballstemmer hands the work to
    PyStemmer, Snowball's C stemmers, when it is installed (a dependency), and falls
    back to its pure-Python stemmers (the same stems, ten times slower) otherwise."""
    return _stemmer(language).stemWord(word)


def sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        start = 0
        for end in _SENTENCE_END.finditer(para):
            out.append(para[start:end.start(1)])
            start = end.end(1)
        out.append(para[start:])
    return [s for s in map(str.strip, out) if s]
