"""Vietnamese alphabetical order on both databases.

Vietnamese sorts A Ă Â B C D Đ E Ê … O Ô Ơ … U Ư …: letters with a breve, circumflex or
horn (and đ) are letters of their own, after the plain one; tone marks only break ties.
PostgreSQL has this as the ICU collation "vi-x-icu". SQLite has no ICU, so we register a
collation of the same name-in-spirit ("vi") on every new SQLite connection, computed by
`sort_key` below. `vi_order("name")` picks the right one for the connection in use.
"""

import functools
import unicodedata

from django.db import connection
from django.db.models.functions import Collate

POSTGRESQL_COLLATION = "vi-x-icu"
SQLITE_COLLATION = "vi"

# Marks that make a new letter (ă, â, ê, ô, ơ, ư) rank after the plain letter, in this order.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
# Tone marks, in the traditional order (ngang, huyền, hỏi, ngã, sắc, nặng); they only break ties.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=65536)  # SQLite compares each name many times while sorting
def sort_key(text: str) -> tuple:
    """A key that orders Vietnamese text alphabetically: letters first, then tones, then case."""
    letters, tones = [], []
    for char in text or "":
        lower = char.lower()
        if lower == "đ":
            letters.append(("d", 9))
            tones.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", lower)
        mark = tone = 0
        for combining in decomposed[1:]:
            mark = _LETTER_MARKS.get(combining, mark)
            tone = _TONES.get(combining, tone)
        letters.append((decomposed[0], mark))
        tones.append(tone)
    return letters, tones, [char.isupper() for char in text or ""]


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created handler: teach SQLite the "vi" collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


def vi_order(field: str):
    """An order_by() expression sorting `field` in Vietnamese alphabetical order."""
    name = POSTGRESQL_COLLATION if connection.vendor == "postgresql" else SQLITE_COLLATION
    return Collate(field, name)
