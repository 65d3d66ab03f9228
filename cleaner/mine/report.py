# The report of a `mine` run, per group: share of characters the drafts would remove,
# the top drafts with their document counts, and every rejected candidate with why.
"""Text, Markdown and JSON reports of a :class:`~cleaner.mine.miner.MineResult`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cleaner.mine.miner import GroupResult, MineResult
from cleaner.mine.outdir import MANIFEST_KEY, REPORT_JSON, digest

__all__ = ["report_dict", "report_markdown", "summary_text", "write_report"]


def _shown(res: GroupResult) -> bool:
    return bool(res.drafts or res.rejections)


def _group_dict(res: GroupResult, top: int | None) -> dict[str, Any]:
    g = res.stats
    sample = res.sample
    drafts = res.drafts if top is None else res.drafts[:top]
    rejections = res.rejections if top is None else res.rejections[:top]
    return {
        "group": g.name,
        "file": f"{res.slug}.yaml" if res.drafts else None,
        "docs": g.docs,
        "chars": g.chars,
        "threshold_docs": g.threshold,
        "drafts": len(res.drafts),
        "estimated_share": round(res.estimated_share, 4),
        "sample": None
        if sample is None
        else {
            "docs": sample.docs,
            "chars": sample.chars,
            "removed": sample.removed,
            "share": round(sample.share, 4),
            "guard_docs": sample.guard_docs,
        },
        "rejected": dict(sorted(Counter(r.reason for r in res.rejections).items())),
        "sketch_false_positives": g.false_positives,
        "top_drafts": [
            {
                "id": d.rule_id,
                "kind": d.kind,
                "lines": len(d.lines),
                "docs": d.docs,
                "doc_share": round(d.docs / g.docs, 4) if g.docs else 0.0,
                "chars": d.chars,
                "region": {d.region[0]: d.region[1]} if d.region else None,
                "domains": list(d.domains),
                "category": d.category,
                "text": d.text,
            }
            for d in drafts
        ],
        "rejections": [r.to_dict() for r in rejections],
    }


def report_dict(result: MineResult, top: int | None = None) -> dict[str, Any]:
    """The whole report as JSON-ready data (``top`` limits the lists per group)."""
    shown = [r for r in result.groups if _shown(r)]
    s = result.settings
    return {
        "docs": result.docs,
        "groups": len(result.groups),
        "groups_with_candidates": len(shown),
        "drafts": len(result.drafts),
        "seconds": round(result.seconds, 3),
        "sketch_bytes": result.sketch_bytes,
        "settings": {
            "min_docs": s.count.min_docs,
            "min_share": s.count.min_share,
            "sample_docs": s.sample_docs,
            "max_drafts": s.max_drafts,
        },
        "skipped_records": result.skipped,
        "per_group": [_group_dict(r, top) for r in shown],
    }


def _short(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text[: limit - 1] + "…" if len(text) > limit else text


def _md_cell(text: str, limit: int = 90) -> str:
    return _short(text, limit).replace("|", "\\|").replace("`", "'")


def report_markdown(result: MineResult, top: int = 25) -> str:
    """A Markdown report for people (``top`` drafts and rejections per group)."""
    d = report_dict(result, top)
    out = [
        "# `cleaner mine` report",
        "",
        f"{d['docs']} documents in {d['groups']} groups; {d['groups_with_candidates']} groups with "
        f"repeated material; {d['drafts']} draft rules; {d['seconds']:.1f} s.",
        f"Thresholds: a line must recur in at least {d['settings']['min_docs']} documents and "
        f"{d['settings']['min_share']:.0%} of its group. Shares are of the group's characters: "
        f"*estimated* from the exact counts over all documents, *measured* by cleaning the first "
        f"{d['settings']['sample_docs']} documents with the drafts (guard included).",
        "",
    ]
    if d["skipped_records"]:
        out += [f"Skipped records: {d['skipped_records']}", ""]
    for g in d["per_group"]:
        sample = g["sample"]
        measured = (
            f"{sample['share']:.1%} of {sample['docs']} sampled documents"
            + (f" (guard left {sample['guard_docs']} alone)" if sample["guard_docs"] else "")
            if sample
            else "not measured"
        )
        out += [
            f"## {g['group']}",
            "",
            f"{g['docs']} documents, {g['chars']} characters; threshold {g['threshold_docs']} documents. "
            f"{g['drafts']} drafts" + (f" in `{g['file']}`" if g["file"] else "") + ". "
            f"Would remove: estimated {g['estimated_share']:.1%}, measured {measured}.",
            "",
        ]
        if g["top_drafts"]:
            out += ["| rule | kind | docs | chars | region | text |", "|---|---|---|---|---|---|"]
            for t in g["top_drafts"]:
                region = ", ".join(f"{k} {v}" for k, v in (t["region"] or {}).items()) or "-"
                kind = t["kind"] if t["kind"] == "line" else f"block of {t['lines']}"
                out.append(
                    f"| `{t['id']}` | {kind} | {t['docs']} ({t['doc_share']:.0%}) | {t['chars']} | "
                    f"{region} | {_md_cell(t['text'])} |"
                )
            out.append("")
        if g["rejections"]:
            counts = ", ".join(f"{k}: {v}" for k, v in g["rejected"].items())
            out += [
                f"Rejected candidates ({counts}):",
                "",
                "| docs | reason | text | why |",
                "|---|---|---|---|",
            ]
            for r in g["rejections"]:
                out.append(
                    f"| {r['docs']} | {r['reason']} | {_md_cell(r['text'], 60)} | {_md_cell(r['detail'])} |"
                )
            out.append("")
    return "\n".join(out)


def summary_text(result: MineResult, top: int = 5) -> str:
    """A short plain-text summary for the terminal."""
    from cleaner.cli.style import one_line  # a group is named by a folder, a field's value

    d = report_dict(result, top)
    lines = [
        f"mined {d['docs']} documents in {d['groups']} groups: {d['drafts']} drafts in "
        f"{sum(1 for g in d['per_group'] if g['file'])} files ({d['seconds']:.1f} s)"
    ]
    for g in d["per_group"]:
        sample = g["sample"]
        measured = f"{sample['share']:.1%} of {sample['docs']} sampled" if sample else "n/a"
        lines.append(
            f"{one_line(str(g['group']))}: {g['docs']} docs, {g['drafts']} drafts, would remove "
            f"{g['estimated_share']:.1%} (estimated) / {measured}"
        )
        for t in g["top_drafts"]:
            lines.append(f"  + {t['docs']:>6} docs  {t['kind']:<5}  {_short(t['text'], 70)}")
        for r in g["rejections"]:
            lines.append(f"  - {r['docs']:>6} docs  {r['reason']:<13}  {_short(r['text'], 50)}")
    return "\n".join(lines)


def write_report(
    result: MineResult, outdir: str | Path, drafts: Sequence[Path] = (), replaced: Sequence[Path] = ()
) -> list[Path]:
    """Write ``report.md`` and ``report.json`` (full lists) into ``outdir``.

    ``report.json`` lists the draft files written (``drafts``) with their digests, so
    a later run into the folder knows which files it may replace; ``replaced`` are the
    earlier run's drafts this run removed, named in both reports."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    gone = sorted(p.relative_to(out).as_posix() for p in replaced)
    md_text = report_markdown(result)
    if gone:
        md_text += (
            f"\nReplaced {len(gone)} draft file{'s' if len(gone) != 1 else ''} of the earlier run in "
            f"this folder: {', '.join(gone)}.\n"
        )
    md = out / "report.md"
    md.write_text(md_text + "\n", "utf-8")
    data = report_dict(result)
    data["replaced_files"] = gone
    data[MANIFEST_KEY] = {p.relative_to(out).as_posix(): digest(p.read_bytes()) for p in drafts}
    js = out / REPORT_JSON
    js.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return [md, js]
