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
