"""`mtqa compare`: sacrebleu scores of one or more systems against a reference (see `compare`)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .catalog import CatalogError
from .cli_options import (
    EXIT_OK,
    fail,
    make_linter,
    output_option,
    read_settings,
    refuse_overwrite,
    settings_options,
    text_or_json,
    write_output,
)
from .compare import (
    METRICS,
    SystemScores,
    match,
    match_source,
    mtqa_scores,
    paired_bootstrap,
    read_articles,
    score_systems,
)
from .config import ConfigError, merge
from .textio import InputError


@click.command()
@click.argument("hypotheses", nargs=-1, required=True)
@click.option("--ref", "reference", required=True, help="The reference: a file (one segment a line) or a folder.")
@click.option(
    "--source",
    help="The Chinese source, shaped as the reference: adds mtqa's quality score, each line linted against its "
    "source line with the default rules (the config and grammar options below apply to it).",
)
@click.option(
    "--metrics",
    default="bleu,chrf,ter",
    show_default=True,
    help=f"Comma-separated, from {', '.join(METRICS)}.",
)
@click.option("--paired-bs-n", type=click.IntRange(1), default=1000, show_default=True, help="Bootstrap resamples.")
@click.option("--no-paired", is_flag=True, help="With several systems, skip the paired bootstrap test.")
@click.option(
    "-w", "--width", type=click.IntRange(0, 8), default=1, show_default=True, help="Decimals, as sacrebleu's -w."
)
@text_or_json
@output_option
@settings_options
def compare(
    hypotheses: tuple[str, ...],
    reference: str,
    source: str | None,
    metrics: str,
    paired_bs_n: int,
    no_paired: bool,
    width: int,
    fmt: str,
    output: str | None,
    config: str | None,
    isolated: bool,
    grammar: str | None,
    languagetool_url: str | None,
) -> None:
    """Score translations against a reference with sacrebleu: BLEU, chrF, chrF++, TER per article and
    for the corpus; with two or more systems, paired bootstrap resampling against the first.

    Each HYPOTHESIS and the reference are a text file (one segment a line) or a folder of such files,
    one per article, matched by relative path. With --source, mtqa's own score is added beside them: the
    MQM-style score of `mtqa lint`, every line checked against its source line."""
    chosen = [m.strip().lower() for m in metrics.split(",") if m.strip()]
    bad = [m for m in chosen if m not in METRICS]
    if bad or not chosen:
        fail(f"--metrics: unknown metric {', '.join(bad) or '(none)'} (choose from {', '.join(METRICS)})")
    if len(set(hypotheses)) != len(hypotheses):
        fail("a system is given twice")
    refuse_overwrite(output, [*hypotheses, reference, source, config])
    try:
        refs = read_articles(reference)
        systems = [(h, match(h, read_articles(h), refs)) for h in hypotheses]
        sources = match_source(read_articles(source), refs) if source else None
        if sources is not None:
            settings = merge(read_settings(config, isolated), grammar=grammar, languagetool_url=languagetool_url)
    except (InputError, ConfigError, CatalogError) as exc:
        fail(str(exc))
    scores = score_systems(systems, chosen, width)
    if sources is not None:
        mtqa_scores(systems, sources, make_linter(settings), scores, width)
    paired = paired_bootstrap(systems, chosen, paired_bs_n) if len(systems) > 1 and not no_paired else None
    if fmt == "json":
        data = {
            "reference": reference,
            "source": source,
            "systems": [
                {
                    "system": s.name,
                    "corpus": s.corpus,
                    "articles": [{"article": name, **scores_} for name, scores_ in s.articles],
                }
                for s in scores
            ],
            "paired_bootstrap": paired,
        }
        write_output(json.dumps(data, indent=1, ensure_ascii=False) + "\n", output)
    else:
        write_output(_text(scores, paired, width), output)
    sys.exit(EXIT_OK)


def _text(scores: list[SystemScores], paired: dict[str, Any] | None, width: int) -> str:
    lines = []
    for s in scores:
        lines.append(f"{s.name}")
        for name, per in s.articles if len(s.articles) > 1 else []:
            lines.append(f"  {name}: " + "  ".join(f"{v['metric']} {v['formatted']}" for v in per.values()))
        lines.append("  corpus: " + "  ".join(f"{v['metric']} {v['formatted']}" for v in s.corpus.values()))
    lines.append("")
    for v in scores[0].corpus.values():
        lines.append(f"{v['metric']} signature: {v['signature']}")
    if paired:
        lines.append("")
        lines.append(f"paired bootstrap resampling ({paired['resamples']} resamples), baseline {paired['baseline']}:")
        keys = [k for k in paired["systems"][0] if k != "system"]
        for row in paired["systems"]:
            cells = []
            for k in keys:
                r = row[k]
                cell = f"{k} {r['score']:.{width}f} ({r['mean']:.{width}f} ± {r['ci']:.{width}f})"
                if r["p_value"] is not None:
                    cell += f" p = {r['p_value']:.4f}" + ("*" if r["p_value"] < 0.05 else "")
                cells.append(cell)
            lines.append(f"  {row['system']}: " + "  ".join(cells))
        lines.append("  (* significantly different from the baseline at p < 0.05)")
    return "\n".join(lines) + "\n"
