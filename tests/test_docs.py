# The user documentation names only rules that ship: an example that selects or ignores a
# rule id that does not exist fails for whoever copies it (a usage error, exit 2).
from __future__ import annotations

import re
from pathlib import Path

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: ids the docs name on purpose although no pack ships them: the rule a tutorial writes
TUTORIAL_IDS = {"cta.follow-mastodon"}
_ID = re.compile(r"(?<![\w./-])([a-z]+)\.([a-z][a-z0-9-]+)(?![\w(/-])")


@pytest.fixture(scope="module")
def shipped() -> set[str]:
    return {r.id for r in cleaner.load_rules().rules}


@pytest.mark.parametrize("doc", [d for d in DOCS if d.name != "rules.md"], ids=lambda d: d.name)
def test_rule_ids_in_the_docs_exist(doc: Path, shipped: set[str]) -> None:
    packs = {i.split(".")[0] for i in shipped}
    text = doc.read_text("utf-8")
    unknown = [
        f"{doc.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for m in _ID.finditer(text)
        if m.group(1) in packs and m.group(0) not in shipped and m.group(0) not in TUTORIAL_IDS
    ]
    assert not unknown
