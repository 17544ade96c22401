"""The documentation speaks of this project only, and its generated parts are current."""

from pathlib import Path

from cadre_portal import import_docs

ROOT = Path(__file__).resolve().parent.parent


def test_import_columns_in_the_docs_are_those_of_the_code():
    text = import_docs.DOC.read_text()
    assert import_docs.rendered(text) == text, "run: python -m cadre_portal.import_docs"


def test_docs_and_readme_link_nothing_outside_the_repository():
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text()
        assert "../shared" not in text and "DESIGN.md" not in text, path
        assert "(to come)" not in text, path


def test_every_document_the_readme_links_exists():
    import re

    for target in re.findall(r"\]\((docs/[^)]+)\)", (ROOT / "README.md").read_text()):
        assert (ROOT / target).is_file(), target
