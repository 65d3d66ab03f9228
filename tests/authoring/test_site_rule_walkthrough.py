# The path of docs/writing-rules.md, scripted: `rules new` for a site, fill in the
# placeholders, `rules lint`, `rules test`, `rules try`, then clean with source= on that
# site (removed) and on another site (kept), with the shipped packs loaded beside it.
from __future__ import annotations

from pathlib import Path

from cleaner import Cleaner, restore
from cleaner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent.parent

# What the maintainer types over the TODOs of the scaffold, field by field.
FILL = {
    "description: TODO what this rule removes, in one line.": (
        "description: \"The Harbour Gazette's tagline, "
        "'Harbour Gazette: local news for the bay since 1887'.\""
    ),
    "      TODO why this is debris and never content.": (
        "      The site prints its tagline under every article; on a line of its own it is never\n"
        "      part of the story. A sentence about the paper's history is left alone."
    ),
    "provenance: TODO where this debris was seen.": "provenance: harbourgazette.com article pages, May 2024",
    "line: 'TODO a regex that fills the whole debris line'": (
        r"line: 'Harbour Gazette: local news for the bay since \d{4}\.?'"
    ),
    '"TODO a sentence of the article.\\nTODO the debris line"': (
        '"The ferry will run an extra service on Sundays.\\n'
        'Harbour Gazette: local news for the bay since 1887"'
    ),
    '"TODO a sentence of the article."': '"The ferry will run an extra service on Sundays."',
    '"TODO a sentence that mentions the debris but is content."': (
        '"The Harbour Gazette: local news for the bay since 1887 is our motto, the editor wrote."'
    ),
    "https://harbourgazette.com/TODO-an-article": "https://harbourgazette.com/2024/05/ferry",
    "https://another-site.example/TODO-an-article": "https://othernews.example/2024/05/ferry",
}

ARTICLE = (
    "Ferry Timetable Extended for Summer\n"
    "The ferry between the harbour and the island will run an extra service on Sundays from June, "
    "the operator said on Tuesday, after a winter of complaints about crowded boats.\n"
    "Harbour Gazette: local news for the bay since 1887\n"
    "Tickets can be bought on board or at the harbour office.\n"
)


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def test_a_site_scoped_rule_from_scaffold_to_clean(tmp_path, capsys):
    rules_dir = tmp_path / "rules"
    # 1. scaffold: every field, TODO placeholders, scoped to the site
    code, out = cli(
        capsys,
        "rules",
        "new",
        "--pack",
        "harbourgazette",
        "--category",
        "cta",
        "--domain",
        "harbourgazette.com",
        "--dir",
        str(rules_dir),
        "tagline",
    )
    assert code == 0, out
    path = rules_dir / "harbourgazette" / "tagline.yaml"
    assert f"wrote {path}" in out

    # 2. lint rejects the scaffold until it is filled in
    code, out = cli(capsys, "rules", "lint", str(path))
    assert code == 1 and "[placeholder]" in out
    code, out = cli(capsys, "rules", "test", str(path))
    assert code == 1

    # 3. fill in the placeholders and promote the rule
    text = path.read_text("utf-8")
    for old, new in FILL.items():
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace("status: preview", "status: stable")
    assert "TODO" not in text.split("rules:", 1)[1]
    path.write_text(text, "utf-8")

    # 4. lint and test pass
    code, out = cli(capsys, "rules", "lint", str(path))
    assert code == 0, out
    code, out = cli(capsys, "rules", "test", str(path))
    assert code == 0, out

    # 5. try it on a small corpus: it touches only the document from its site
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    import json

    records = [
        {"url": "https://harbourgazette.com/2024/05/ferry", "text": ARTICLE},
        {"url": "https://othernews.example/2024/05/ferry", "text": ARTICLE},
    ]
    (corpus / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    code, out = cli(capsys, "rules", "try", str(path), str(corpus))
    assert code == 0, out
    assert "documents: 2 read, 1 touched (50.0%)" in out
    assert "[[Harbour Gazette: local news for the bay since 1887⏎]]" in out

    # 6. clean with the shipped packs and the new site pack together
    cleaner = Cleaner([ROOT / "rules", rules_dir])
    on_site = cleaner.clean(ARTICLE, source="https://www.harbourgazette.com/2024/05/ferry")
    assert "Harbour Gazette:" not in on_site.text
    assert "harbourgazette.tagline" in {r.rule for r in on_site.removals}
    assert restore(on_site.text, on_site.removals) == ARTICLE
    elsewhere = cleaner.clean(ARTICLE, source="https://othernews.example/2024/05/ferry")
    assert "Harbour Gazette: local news for the bay since 1887" in elsewhere.text
    assert "harbourgazette.tagline" not in {r.rule for r in elsewhere.removals}


def test_rules_new_refuses_to_overwrite_and_checks_its_arguments(tmp_path, capsys):
    args = ["rules", "new", "--pack", "demo", "--category", "cta", "--dir", str(tmp_path), "thing"]
    assert cli(capsys, *args)[0] == 0
    code, out = cli(capsys, *args)
    assert code == 2 and "already exists" in out
    code, out = cli(
        capsys, "rules", "new", "--pack", "demo", "--category", "spam", "--dir", str(tmp_path), "x"
    )
    assert code == 2 and "category 'spam': choose one of" in out
    code, out = cli(
        capsys, "rules", "new", "--pack", "Demo", "--category", "cta", "--dir", str(tmp_path), "x"
    )
    assert code == 2 and "pack 'Demo'" in out
    code, out = cli(
        capsys,
        "rules",
        "new",
        "--pack",
        "demo",
        "--category",
        "cta",
        "--dir",
        str(tmp_path),
        "--domain",
        "https://www.Example.com/news",
        "x",
    )  # an address pasted whole: the host it names is offered
    assert code == 2 and "--domain: 'https://www.Example.com/news' is not a domain" in out
    assert "write 'example.com'" in out


def test_rules_new_outside_the_default_packs_says_how_to_run_the_rule(tmp_path, capsys, monkeypatch):
    """After `pip install .` the default packs are the installed copy: a rule scaffolded
    into the checkout's rules/ is not run by clean or explain, and the user is told."""
    import cleaner.loader

    args = ["rules", "new", "--pack", "demo", "--category", "cta", "--dir", str(tmp_path / "rules"), "x"]
    for packs in (tmp_path / "site-packages" / "_packs", tmp_path / "rules"):  # the checkout's copy
        (packs / "ads").mkdir(parents=True)
    monkeypatch.setattr(cleaner.loader, "default_rules_path", lambda: tmp_path / "site-packages" / "_packs")
    code, out = cli(capsys, *args)
    assert code == 0 and f"run this rule only with --preview --rules {tmp_path / 'rules'}" in out
    monkeypatch.setattr(cleaner.loader, "default_rules_path", lambda: tmp_path / "rules")
    code, out = cli(capsys, *args[:-1], "y")
    assert code == 0 and "note:" not in out  # an editable install: the packs are rules/ itself


def test_rules_new_in_a_folder_of_ones_own_says_to_name_the_shipped_packs_too(tmp_path, capsys, monkeypatch):
    """A scratch folder holds only the new rule: `--rules` alone would replace the shipped
    packs with it, so the note names both."""
    import cleaner.loader

    packs = tmp_path / "packs"
    (packs / "ads").mkdir(parents=True)
    monkeypatch.setattr(cleaner.loader, "default_rules_path", lambda: packs)
    scratch = tmp_path / "scratch"
    code, out = cli(capsys, "rules", "new", "--pack", "demo", "--category", "cta", "--dir", str(scratch), "x")
    assert code == 0
    assert f"run this rule beside the default packs with --preview --rules {packs} --rules {scratch}" in out
    assert "(--preview while it has status: preview;" in out  # as rules new writes it
    assert "--rules replaces the default packs" in out


def test_rules_new_with_the_default_dir_in_an_editable_checkout_adds_no_note(tmp_path, capsys, monkeypatch):
    """README step 1, typed in the checkout (`--dir` left at its default, `rules`, a
    relative path): the packs the cleaner runs are that very folder, so there is nothing
    to warn about."""
    import cleaner.loader

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cleaner.loader, "default_rules_path", lambda: tmp_path / "rules")
    code, out = cli(capsys, "rules", "new", "--pack", "cta", "--category", "cta", "follow-mastodon")
    assert code == 0 and (tmp_path / "rules" / "cta" / "follow-mastodon.yaml").is_file()
    assert "note:" not in out


def test_scaffold_is_schema_valid_and_points_editors_at_the_schema(tmp_path):
    import yaml
    from jsonschema import Draft202012Validator

    from cleaner.authoring.scaffold import new_rule_file, schema_path
    from cleaner.loader import rule_schema

    path = new_rule_file("demo", "ads", "thing", directory=tmp_path / "rules")
    text = path.read_text("utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    ref = first.split("=", 1)[1]
    target = Path(ref[len("file://") :]) if ref.startswith("file://") else (path.parent / ref)
    assert target.resolve() == schema_path().resolve()
    assert Draft202012Validator(rule_schema()).is_valid(yaml.safe_load(text))


def test_scaffold_comment_names_every_matcher_kind(tmp_path):
    """The scaffold's comment on `match` is the newcomer's list of matchers: a kind left out
    of it (score) is a kind they never learn of."""
    from cleaner.authoring.scaffold import new_rule_file
    from cleaner.loader import rule_schema

    text = new_rule_file("demo", "ads", "thing", directory=tmp_path / "rules").read_text("utf-8")
    comment = text.split("# match: exactly one of", 1)[1].split("    match:", 1)[0]
    kinds = [k["required"][0] for k in rule_schema()["$defs"]["match"]["oneOf"]]
    assert kinds and all(f"#   {kind}:" in comment for kind in kinds), (kinds, comment)


def test_scaffold_names_every_key_a_rule_may_have(tmp_path):
    """`rules new` writes "every field, a comment on each": a key of a rule the schema takes
    but the scaffold leaves out (opt_in) is one the newcomer never learns of."""
    from cleaner.authoring.scaffold import new_rule_file
    from cleaner.loader import rule_schema

    text = new_rule_file("demo", "ads", "thing", directory=tmp_path / "rules").read_text("utf-8")
    keys = rule_schema()["$defs"]["rule"]["properties"]
    missing = [k for k in keys if f"# {k}:" not in text and f"#   {k}:" not in text]
    assert missing == []


def test_rules_new_refuses_an_id_a_rule_already_has(tmp_path, capsys):
    """A new file whose id a rule of the folder (in another file of the pack) or of the
    default packs already has would stop every rule from loading: `rules new` refuses it
    and says where the id is, before writing anything."""
    from cleaner import load_rules

    shipped = load_rules().rules[0]
    pack, name = shipped.id.split(".", 1)
    new = ["rules", "new", "--category", "cta", "--dir", str(tmp_path), "--pack"]
    code, out = cli(capsys, *new, pack, name)
    assert code == 2 and f"the id {shipped.id} is already taken at " in out
    assert f"{Path(shipped.path).name}:{shipped.line}" in out
    assert not (tmp_path / pack / f"{name}.yaml").exists()
    # one of the folder's own, in a file of another name, and a redirect's old id
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "pitches.yaml").write_text(
        "redirects:\n  demo.old-pitch: demo.pitch\nrules:\n  - id: demo.pitch\n", "utf-8"
    )
    where = tmp_path / "demo" / "pitches.yaml"
    for taken, line in (("pitch", 4), ("old-pitch", 2)):
        code, out = cli(capsys, *new, "demo", taken)
        assert code == 2 and f"demo.{taken} is already taken at {where}:{line}" in out
    assert cli(capsys, *new, "demo", "pitch-2")[0] == 0


def test_scaffold_points_at_the_schema_relatively_only_inside_the_project(tmp_path, monkeypatch):
    """rules/<pack>/ of the checkout gets a relative path, which travels with the
    repository; a folder of one's own beside the checkout (or in /tmp) gets the installed
    file's address, where a relative path breaks as soon as either moves."""
    from cleaner.authoring import scaffold

    schema = tmp_path / "proj" / "cleaner" / "schema" / "rules.schema.json"
    schema.parent.mkdir(parents=True)
    schema.write_text("{}", "utf-8")
    monkeypatch.setattr(scaffold, "schema_path", lambda: schema)
    inside = scaffold.new_rule_file("demo", "ads", "thing", directory=tmp_path / "proj" / "rules")
    first = inside.read_text("utf-8").splitlines()[0]
    assert first.endswith("$schema=../../cleaner/schema/rules.schema.json")
    beside = scaffold.new_rule_file("demo", "ads", "thing", directory=tmp_path / "mine")
    assert beside.read_text("utf-8").splitlines()[0].endswith(f"$schema={schema.resolve().as_uri()}")
