# The bundled sample of ordinary clean prose that `rules lint` measures breadth against:
# a few thousand words in a dozen articles, and the shipped rules leave all of it alone.
from __future__ import annotations

from pathlib import Path

from cleaner import Cleaner, load_rules
from cleaner.authoring.lint import prose_documents

RULES = Path(__file__).resolve().parent.parent.parent / "rules"


def test_sample_is_a_dozen_varied_articles():
    docs = prose_documents()
    assert len(docs) >= 10
    assert sum(len(d.split()) for d in docs) >= 3000
    text = "\n".join(docs)
    assert "?" in text and "“" in text and "\n- " in text and "\n1. " in text  # questions, quotes, lists
    assert "=====" not in text


def test_shipped_rules_remove_nothing_from_clean_prose():
    cleaner = Cleaner(load_rules(RULES), ignore=["whitespace"], preview=True)
    removed = [(r.rule, r.text) for doc in prose_documents() for r in cleaner.clean(doc).removals]
    assert removed == []
