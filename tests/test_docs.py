"""The README stays short, and every relative link of the README and docs/ leads somewhere.

The README is the front door (what danvan is, the two commands, the user guide, configuration,
a picture, deploying); specifications and results live in docs/ and are linked from it. A link
to a file that moved, or to a heading that was renamed, fails here.
"""

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_MAX_LINES = 200
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```+|~~~+).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:…


def prose(markdown: str) -> str:
    """The text outside code: links and headings inside code blocks or spans are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", markdown))


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: its text without markup, lower case, punctuation dropped
    (letters of any script, digits, `-` and `_` kept), spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every heading's anchor, repeated ones numbered as GitHub does (name, name-1, …)."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", markdown)):
        name = anchor(heading)
        found.add(f"{name}-{seen[name]}" if name in seen else name)
        seen[name] = seen.get(name, 0) + 1
    return found


def broken_links(page: Path) -> list[str]:
    """The relative links of `page` whose file, or heading within it, does not exist."""
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(prose(text)):
        if EXTERNAL.match(target):
            continue
        path, _, fragment = unquote(target).partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif fragment and (linked.suffix != ".md" or fragment not in anchors(linked.read_text(encoding="utf-8"))):
            broken.append(f"{target}: no heading #{fragment} in {linked.name}")
    return broken


def test_the_readme_is_at_most_200_lines():
    lines = len((ROOT / "README.md").read_text(encoding="utf-8").splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines: move details to docs/"


def test_the_readme_links_every_document_in_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {Path(target.partition("#")[0]).name for target in LINK.findall(prose(readme))}
    missing = [p.name for p in PAGES[1:] if p.name not in linked]
    assert not missing, f"docs not linked from the README: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_relative_link_leads_to_a_file_and_heading(page):
    assert broken_links(page) == []


def test_a_missing_file_or_heading_is_caught(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## Dashboard (`/thong-ke/`)\n\n## Dùng thử\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md) [ok](other.md#dashboard-thong-ke) [ok](other.md#dùng-thử) [ok](#here)\n"
        "[ext](https://example.org/x.md) `[in code](gone.md)`\n```\n[in a block](gone.md)\n```\n"
        "## Here\n[no file](gone.md) [no heading](other.md#gone) [no heading here](#nowhere)\n",
        encoding="utf-8",
    )
    assert [b.split(":")[0] for b in broken_links(page)] == ["gone.md", "other.md#gone", "#nowhere"]
