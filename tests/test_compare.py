"""`mtqa compare` gives sacrebleu's own figures: the test runs sacrebleu's command line on the same
files (three systems of the WMT news dev set, one used as the reference) and compares digit by digit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.mqm import read_marot

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "mqm" / "zhen_news2023_dev.tsv"
SACREBLEU = Path(sys.executable).with_name("sacrebleu")


@pytest.fixture(scope="module")
def systems(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    segs = read_marot(DEV)
    by_system: dict[str, dict[tuple[str, str], str]] = {}
    for s in segs:
        by_system.setdefault(s.system, {})[(s.doc, s.seg_id)] = s.target
    keys = sorted(by_system["GPT4-5shot"])[:50]
    folder = tmp_path_factory.mktemp("compare")
    sources = {(s.doc, s.seg_id): s.source for s in segs}
    out = {"source": folder / "source.zh.txt"}
    out["source"].write_text("".join(sources[k].replace("\n", " ") + "\n" for k in keys), encoding="utf-8")
    for name in ("GPT4-5shot", "ONLINE-M", "NLLB_Greedy"):
        path = folder / f"{name}.txt"
        path.write_text("".join(by_system[name][k].replace("\n", " ") + "\n" for k in keys), encoding="utf-8")
        out[name] = path
    return out


def _sacrebleu(*args: str) -> str:
    res = subprocess.run([str(SACREBLEU), *args], capture_output=True, text=True, check=True)
    return res.stdout


def _mtqa(*args: str) -> dict:  # type: ignore[type-arg]
    res = CliRunner().invoke(main, ["compare", *args, "--format", "json", "-w", "4"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_scores_and_signatures_match_sacrebleus_command_line(systems: dict[str, Path]) -> None:
    ref, hyp = systems["GPT4-5shot"], systems["ONLINE-M"]
    theirs = json.loads(_sacrebleu(str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-w", "4"))
    ours = _mtqa(str(hyp), "--ref", str(ref), "--metrics", "bleu,chrf,ter")["systems"][0]["corpus"]
    for t in theirs:
        o = next(v for v in ours.values() if v["metric"] == t["name"])
        assert (o["formatted"], o["signature"]) == (f"{t['score']:.4f}", t["signature"])
    chrfpp = json.loads(_sacrebleu(str(ref), "-i", str(hyp), "-m", "chrf", "--chrf-word-order", "2", "-w", "4"))
    chrfpp = chrfpp if isinstance(chrfpp, list) else [chrfpp]  # one metric: one object, not a list
    o = _mtqa(str(hyp), "--ref", str(ref), "--metrics", "chrf++")["systems"][0]["corpus"]["chrf++"]
    assert (o["metric"], o["formatted"], o["signature"]) == (
        chrfpp[0]["name"],
        f"{chrfpp[0]['score']:.4f}",
        chrfpp[0]["signature"],
    )


def test_paired_bootstrap_matches_sacrebleus_paired_bs(systems: dict[str, Path]) -> None:
    ref, a, b = systems["GPT4-5shot"], systems["ONLINE-M"], systems["NLLB_Greedy"]
    table = _sacrebleu(str(ref), "-i", str(a), str(b), "-m", "bleu", "chrf", "--paired-bs", "-w", "4", "-f", "text")
    rows = [line for line in table.splitlines() if line.startswith("│")]
    ours = _mtqa(str(a), str(b), "--ref", str(ref), "--metrics", "bleu,chrf")["paired_bootstrap"]
    base, other = ours["systems"]
    for row, cell in ((base, rows[1]), (other, rows[2])):
        for key in ("BLEU", "chrF2"):
            r = row[key]
            assert f"{r['score']:.4f} ({r['mean']:.4f} ± {r['ci']:.4f})" in cell
    p_line = rows[3]
    for key in ("BLEU", "chrF2"):
        assert f"(p = {other[key]['p_value']:.4f})" in p_line


def test_articles_in_folders_are_matched_by_name(tmp_path: Path, systems: dict[str, Path]) -> None:
    lines = systems["ONLINE-M"].read_text(encoding="utf-8").splitlines(keepends=True)
    refs = systems["GPT4-5shot"].read_text(encoding="utf-8").splitlines(keepends=True)
    for folder, src in (("hyp", lines), ("ref", refs)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("".join(src[:25]), encoding="utf-8")
        (tmp_path / folder / "b.txt").write_text("".join(src[25:]), encoding="utf-8")
    data = _mtqa(str(tmp_path / "hyp"), "--ref", str(tmp_path / "ref"))
    system = data["systems"][0]
    assert [a["article"] for a in system["articles"]] == ["a.txt", "b.txt"]
    whole = _mtqa(str(systems["ONLINE-M"]), "--ref", str(systems["GPT4-5shot"]))["systems"][0]["corpus"]
    assert system["corpus"] == {k: {**v} for k, v in whole.items()}  # the corpus is the articles together
    (tmp_path / "ref" / "b.txt").unlink()
    res = CliRunner().invoke(main, ["compare", str(tmp_path / "hyp"), "--ref", str(tmp_path / "ref")])
    assert res.exit_code == 2 and "no reference for b.txt" in res.stderr


def test_line_count_mismatch_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "h.txt").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("a\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["compare", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "r.txt")])
    assert res.exit_code == 2 and "h.txt has 2 lines, its reference 1" in res.stderr


def test_source_adds_mtqas_own_score_as_lint_gives_it(tmp_path: Path, systems: dict[str, Path]) -> None:
    ref, hyp, src = systems["GPT4-5shot"], systems["NLLB_Greedy"], systems["source"]
    cell = _mtqa(str(hyp), "--ref", str(ref), "--source", str(src), "--isolated", "--grammar", "off")
    mtqa = cell["systems"][0]["corpus"]["mtqa"]
    # The same lines as a source/target TSV through `mtqa lint`: the same issues and the same score.
    pairs = zip(src.read_text("utf-8").splitlines(), hyp.read_text("utf-8").splitlines(), strict=True)
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("source\ttarget\n" + "".join(f"{s}\t{t}\n" for s, t in pairs), encoding="utf-8")
    res = CliRunner().invoke(main, ["lint", str(tsv), "--isolated", "--grammar", "off", "--format", "json"])
    art = json.loads(res.stdout)["articles"][0]
    assert (mtqa["issues"], mtqa["score"]) == (len(art["issues"]), art["score"])
    assert mtqa["source_issues"] == sum("source_start" in i for i in art["issues"]) > 0
    assert mtqa["signature"].startswith("mtqa:") and "source@1" in mtqa["signature"]


def test_source_with_other_line_count_is_one_line_error(tmp_path: Path, systems: dict[str, Path]) -> None:
    short = tmp_path / "short.zh.txt"
    short.write_text("一行。\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["compare", str(systems["ONLINE-M"]), "--ref", str(systems["GPT4-5shot"]), "--source", str(short)]
    )
    assert res.exit_code == 2
    assert res.output.strip() == "mtqa: error: --source: short.zh.txt has 1 lines, its reference 50"
