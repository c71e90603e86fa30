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
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
