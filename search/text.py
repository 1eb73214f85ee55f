"""Text as the archive index sees it: folded, tokenised, and highlighted for display.

Folding and tokenising happen in Python, at index time and at query time, so that
SQLite, PostgreSQL and Elasticsearch all see the same words: accents and case are
folded, punctuation separates words, and runs of scripts written without spaces
(Chinese, Japanese, Korean, Thai, ...) become overlapping character pairs, which turns a
substring search into a phrase search over those pairs.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Scripts written without spaces between words.
_UNSEGMENTED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B-G
)
_UNSEGMENTED_RUN = re.compile(f"[{_UNSEGMENTED}]+")
# A word: letters and digits (no underscore), or a run of an unsegmented script.
_WORD = re.compile(rf"[{_UNSEGMENTED}]+|[^\W_]+")
# Combining marks are dropped only above these letters (Latin, Greek, Cyrillic, ...):
# in Thai or Devanagari they are vowels, not accents.
_FOLDED_MARKS_BELOW = 0x0800
# Latin letters that Unicode does not decompose into a base letter and a mark (NFKD
# leaves them whole), folded as Lucene's ASCIIFoldingFilter does, so that "Tromso" finds
# "Tromsø" and "Lodz" finds "Łódź". Keys are lower case: they apply after casefold().
# Changing this table changes index tokens: the index must be rebuilt (migration
# archive_search 0003 did it for the database backend; Elasticsearch needs
# ``manage.py rebuild_archive_index``).
LETTER_FOLDS = str.maketrans(
    {
        "æ": "ae",
        "ð": "d",
        "ø": "o",
        "þ": "th",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "ĸ": "q",
        "ł": "l",
        "ŋ": "n",
        "œ": "oe",
        "ŧ": "t",
    }
)


def fold(text):
    """Accents and case folded, compatibility forms unified (e.g. full-width letters).

    Letters without a decomposition are folded too: ø to "o", æ to "ae", đ to "d", ł to
    "l"... (``LETTER_FOLDS``); casefold() already turns ß into "ss".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = []
    base = 0
    for char in decomposed:
        if unicodedata.combining(char):
            if base < _FOLDED_MARKS_BELOW:
                continue
        else:
            base = ord(char)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).casefold().translate(LETTER_FOLDS)


# Words repeat across snippets: fold each once per process.
fold_word = lru_cache(maxsize=100_000)(fold)


def is_unsegmented(word):
    return bool(_UNSEGMENTED_RUN.fullmatch(word))


def pairs(run):
    """Overlapping character pairs of an unsegmented run, plus its last character.

    The last character lets a one-character search find the end of a run too: every
    character of the run starts a pair or is that final one.
    """
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def words(text):
    """The folded words of ``text``, unsegmented runs left whole."""
    return _WORD.findall(fold(text))


def index_tokens(text):
    """The token stream stored in the index: folded words, unsegmented runs as pairs."""
    tokens = []
    for word in words(text):
        tokens.extend(pairs(word) if is_unsegmented(word) else [word])
    return tokens


def index_text(text, limit=None):
    """``index_tokens`` joined by spaces, optionally cut at ``limit`` characters."""
    joined = " ".join(index_tokens(text))
    if limit is not None and len(joined) > limit:
        joined = joined[:limit].rsplit(" ", 1)[0]
    return joined


def plain_text(html_or_text):
    """Visible text of rich text: tags removed, entities decoded, whitespace collapsed."""
    from html import unescape

    from django.utils.html import strip_tags

    text = unescape(strip_tags(re.sub(r"<(/p|br\s*/?|/li|/h\d)>", r" \g<0>", html_or_text)))
    return re.sub(r"\s+", " ", text).strip()


# Highlighting ---------------------------------------------------------------------

SNIPPET_LENGTH = 240


@lru_cache(maxsize=100_000)
def _matches(word, terms):
    """Whether a folded word of the text answers one of the folded search terms.

    ``terms`` is a tuple of (term, is_prefix) pairs; a search asks the same words of
    every hit, so the answers are remembered.

    Stemming is approximated: a word matches a term it starts with, or one that shares
    all but a short ending with it (``droit`` and ``droits``, ``protege`` and ``proteger``).
    """
    for term, prefix in terms:
        if word.startswith(term) and (prefix or len(word) - len(term) <= 4):
            return True
        common = 0
        for left, right in zip(word, term, strict=False):
            if left != right:
                break
            common += 1
        if common >= 4 and common >= len(term) - 3 and common >= len(word) - 4:
            return True
    return False


def highlight(text, terms, length=SNIPPET_LENGTH):
    """An escaped excerpt of ``text`` around the first match, matches in ``<mark>``.

    Args:
        text: plain text (not HTML).
        terms: (folded term, is_prefix) pairs; unsegmented terms match as substrings.
        length: the approximate length of the excerpt, in characters.

    Returns:
        A safe string: the text escaped first, then the matches marked.
    """
    if not text:
        return mark_safe("")
    spans = []
    segmented = tuple((term, prefix) for term, prefix in terms if not is_unsegmented(term))
    unsegmented = [term for term, _prefix in terms if is_unsegmented(term)]
    for match in _WORD.finditer(text):
        if spans and match.start() >= spans[0][0] + length:
            break  # past the furthest end of an excerpt around the first match
        word = fold_word(match.group())
        if is_unsegmented(word):
            for term in unsegmented:
                start = word.find(term)
                while start != -1:
                    spans.append((match.start() + start, match.start() + start + len(term)))
                    start = word.find(term, start + 1)
        elif segmented and _matches(word, segmented):
            spans.append(match.span())
    spans.sort()
    if spans:
        first = spans[0][0]
        start = max(0, first - length // 3)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 and start - space < 20 else start
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)
