"""Text folding for accent- and case-insensitive search.

SQLite's LIKE folds ASCII only, so instead of relying on the database we store a folded
copy of the searchable text in an indexed column and fold the user's query the same way.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """'Đồng Môn' -> 'dong mon'; 'CẨM  Xuyên' -> 'cam xuyen'."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    if not text.isascii():  # ASCII has nothing to decompose
        text = _without_marks(unicodedata.normalize("NFKD", text))
    return _SPACES.sub(" ", text).strip().lower()


# Vietnamese letters decompose into ASCII letters and marks of the Combining Diacritical Marks
# block (U+0300–U+036F): one regular expression deletes those. Testing every character in Python
# instead took a third of the time of checking an import; it is still done, for the rare text that
# keeps a character beyond U+02FF (no character below U+0300 is a combining mark).
_BLOCK_MARKS = re.compile("[" + "".join(filter(unicodedata.combining, map(chr, range(0x0300, 0x0370)))) + "]")
_BEYOND = re.compile("[^\x00-\u02ff]")


def _without_marks(text: str) -> str:
    text = _BLOCK_MARKS.sub("", text)
    if _BEYOND.search(text):
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def shorten_middle(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its start and its end around "…",
    so that a cut file name still shows its extension ('Báo cáo tổng…năm 2023.xlsx')."""
    if len(text) <= limit:
        return text
    if limit < 3:
        return text[:limit]
    head = limit // 2
    tail = limit - 1 - head
    return f"{text[:head]}…{text[-tail:]}"


def base_name(path: str) -> str:
    """The last part of a path written the Unix or the Windows way."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
