"""Source-aware checks on zh/en pairs written for these tests, the bilingual input formats, and the
aligner; the rules' own examples run in test_rules.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import lint_text
from toolkit.align import align, zh_sentences
from toolkit.cli import main
from toolkit.config import Settings
from toolkit.numbers import DOLLARS, en_currencies, en_numbers, english, scale_error, zh_currencies, zh_numbers
from toolkit.places import find_places
from toolkit.terms import TermbaseError, load_termbase

FIXTURES = Path(__file__).parent / "fixtures" / "bitext"
BI = Settings(select=("BI",), grammar="off")


def codes(target: str, source: str) -> list[str]:
    return [i.code for i in lint_text(target, source, settings=BI).issues]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("新增就业3.63万人", 36300),
        ("总投资3亿元", 300_000_000),
        ("收入1.2万亿元", 1.2e12),
        ("达到一万两千人", 12000),
        ("三千五百名", 3500),
        ("增长百分之三十", 30),
        ("第三次会议", 3),
        ("可达1200至1400万人次", 12_000_000),
        ("两个村庄", 2),
    ],
)
def test_chinese_numbers_are_read_as_values(text: str, value: float) -> None:
    assert [n.value for n in zh_numbers(text)][:1] == [value]


@pytest.mark.parametrize("text", ["数万名游客", "几十个", "统一部署", "万众一心", "一些地方", "千万不要", "上万元"])
def test_vague_or_wordy_numerals_give_no_value(text: str) -> None:
    assert zh_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "days"),
    [("上周一，省政府召开会议", [1]), ("星期天下午", [7]), ("礼拜六和周日", [6, 7]), ("一周一次", []), ("周末", [])],
)
def test_chinese_weekdays(text: str, days: list[int]) -> None:
    assert [n.value for n in zh_numbers(text) if n.kind == "weekday"] == days


def test_english_weekdays_full_plural_and_abbreviated() -> None:
    found = [(n.value, n.text) for n in en_numbers("On Saturday, Wednesdays and Thu. but not Sunshine or Sat")]
    assert found == [(6, "Saturday"), (3, "Wednesdays"), (4, "Thu.")]
    assert codes("The meeting was held on Tuesday.", "会议于周一举行。") == ["BI104"]
    assert codes("The meeting was held on Monday.", "会议于星期一举行。") == []


def test_dates_are_months_and_days() -> None:
    kinds = [(n.kind, n.value, n.text) for n in zh_numbers("2月10日，在北京")]
    assert kinds == [("month", 2, "2月"), ("day", 10, "10日")]
    assert [(n.kind, n.value) for n in en_numbers("On Feb. 10 and March 3rd")] == [
        ("month", 2),
        ("number", 10),
        ("month", 3),
        ("number", 3),
    ]


def test_english_numbers_scales_and_ranges() -> None:
    values = [n.value for n in en_numbers("12 to 14 million visitors spent 1.5 billion and 36,300 jobs, 40 percent")]
    assert values == [12e6, 14e6, 1.5e9, 36300, 40]
    assert english(36300) == "36,300" and english(1.5e8) == "150 million" and english(3.7) == "3.7"
    assert scale_error(330600, 33.06e6) and scale_error(1.38e10, 13.8) and not scale_error(36300, 36300)


def test_english_number_words_with_articles_fractions_and_halves() -> None:
    text = (
        "Both holes, a million years, 15 per million, two and a half million parts, half a million to a "
        "quarter of a million, thrice, twenty-one, the first two"
    )
    found = [(n.text, n.value, n.kind) for n in en_numbers(text)]
    assert found == [
        ("Both", 2, "number"),
        ("a million", 1e6, "number"),
        ("15", 15, "number"),
        ("per million", 1e6, "number"),
        ("two and a half million", 2.5e6, "number"),
        ("half a million", 5e5, "number"),
        ("a quarter of a million", 2.5e5, "number"),
        ("thrice", 3, "number"),
        ("twenty-one", 21, "number"),
        ("first", 1, "ordinal"),  # "first two" is not 1 + 2
        ("two", 2, "number"),
    ]


def test_numbers_given_in_words_are_not_missing() -> None:
    # TED dev-set renderings that BI101/BI102/BI103 used to flag
    assert codes("Imagine a billion years ago, two black holes collided.", "想象一下十亿年前两个黑洞相撞。") == []
    assert codes("Both black holes are moving closer to each other.", "两个黑洞在向彼此靠近。") == []
    assert codes("Murder rates range from 15 to 150 per million.", "谋杀率从每一百万15 起直到150 起。") == []
    assert codes("Five years, two and a half million parts.", "五年时间，两百五十万个部分。") == []
    assert codes("Half a million to a million parts.", "50万到100万个零件。") == []  # 零件 is not 0
    # "per million" left out: still found (15 stands where the source's 一百万 is)
    assert codes("The murder rate ranges from 15 to 150.", "谋杀率从每一百万15 起直到150 起。") == ["BI102"]


def test_wan_and_yi_arithmetic_decides_the_finding() -> None:
    src = "全省新增就业3.63万人，总投资1.5亿元。"
    assert codes("The province created 36,300 jobs with a total investment of 150 million yuan.", src) == []
    assert codes("The province created 36.3 thousand jobs and invested 150 million yuan.", src) == []
    assert codes("The province created 3.63 million jobs with a total investment of 150 million yuan.", src) == [
        "BI103"
    ]
    assert codes("The province created 36,300 jobs with a total investment of yuan.", src) == ["BI101"]


def test_missing_number_points_at_the_sentence_and_names_the_source_span() -> None:
    src = "全省新增就业3.63万人。"
    result = lint_text("The province created new jobs.", src, settings=BI)
    (issue,) = result.issues
    assert (issue.code, issue.start, issue.end, issue.text) == ("BI101", 30, 30, "")
    assert src[issue.source_start : issue.source_end] == issue.source_text == "3.63万"
    assert result.source and result.source["pairs"] == 1


def test_a_changed_number_and_a_changed_date() -> None:
    assert codes("The target is 4500 yuan.", "调控目标为4300元。") == ["BI102"]
    assert codes("On January 3, the data were released.", "2月3日公布数据。") == ["BI104"]
    assert codes("On February 3, the data were released.", "2月3日公布数据。") == []
    assert codes("On 3 February, the data were released.", "2月3日公布数据。") == []


def test_merged_split_and_run_together_names() -> None:
    result = lint_text("Hao Pengsun Li Jun attended the meeting.", "郝鹏、孙利军出席会议。", settings=BI)
    (issue,) = result.issues
    assert issue.code == "BI201" and issue.text == "Hao Pengsun Li Jun"
    assert issue.suggestions == ("Hao Peng and Sun Lijun",)
    assert codes("Vice Governor Sun Li Jun spoke.", "副省长孙利军讲话。") == ["BI201"]
    assert codes("Secretary Caiqi attended.", "书记蔡奇出席。") == ["BI201"]
    # place names are one word in pinyin; a Wade-Giles or English name has other letters
    assert codes("Zhengzhou City and Jiangbei New District", "郑州市和江北新区") == []
    assert codes("Tsai Ing-wen spoke.", "蔡英文讲话。") == []


def test_termbase_forbidden_missing_and_inconsistent() -> None:
    assert codes("Promote precise poverty alleviation.", "推进精准扶贫。") == ["BI501"]
    assert codes("Promote targeted poverty alleviation.", "推进精准扶贫。") == []
    preview = Settings(select=("BI502",), grammar="off")  # a preview rule runs when selected by its code
    found = lint_text("Promote the rejuvenation of villages.", "推进乡村振兴。", settings=preview).issues
    assert [i.code for i in found] == ["BI502"]
    two = "推进对口支援工作。对口支援取得成效。"
    assert codes("We will advance paired assistance. Counterpart assistance has worked.", two) == ["BI601"]


def test_the_forbidden_term_wins_over_the_target_only_calque_rule() -> None:
    settings = Settings(grammar="off")
    found = [
        i.code for i in lint_text("Promote precise poverty alleviation.", "推进精准扶贫。", settings=settings).issues
    ]
    assert "BI501" in found and not any(c.startswith("MT2") for c in found)


def test_untranslated_sentence_is_one_finding_and_gates_the_others() -> None:
    assert codes("全省新增就业3.63万人 (jobs).", "全省新增就业3.63万人。") == ["BI301"]


def test_an_omitted_sentence_is_found_by_the_aligner() -> None:
    src = "会议由省长主持。各市州、县市区负责同志和省直有关部门主要负责人参加会议。会议强调要做好防汛工作。"
    tgt = "The governor chaired the meeting. The meeting stressed flood control."
    pairs = align(src, tgt)
    missing = [p for p in pairs if p.tgt_start == p.tgt_end]
    assert [src[p.src_start : p.src_end] for p in missing] == [
        "各市州、县市区负责同志和省直有关部门主要负责人参加会议。"
    ]
    preview = Settings(select=("BI401",), grammar="off")
    (issue,) = lint_text(tgt, src, settings=preview).issues
    assert issue.source_text == src[missing[0].src_start : missing[0].src_end] and issue.start == issue.end == len(
        "The governor chaired the meeting."
    )


def test_paragraphs_align_first_and_semicolons_do_not_split() -> None:
    assert len(zh_sentences("一是医保；二是医院。三是病人。")) == 2
    src = "第一段。\n第二段有很多很多的字。"
    tgt = "The first paragraph.\nThe second paragraph has many, many words."
    assert [(tgt[p.tgt_start : p.tgt_end]) for p in align(src, tgt)] == tgt.split("\n")


def test_no_source_means_no_source_findings() -> None:
    assert codes("The province created new jobs.", "") == []
    assert lint_text("The province created new jobs.", settings=BI).source is None


# --- inputs -------------------------------------------------------------------------------------


def _lint_json(*args: str) -> tuple[int, dict[str, object]]:
    res = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "--format", "json", *args])
    return res.exit_code, json.loads(res.stdout)


def test_sibling_source_is_paired_and_reported(tmp_path: Path) -> None:
    for name in ("article.en.txt", "article.zh.txt"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    code, data = _lint_json(str(tmp_path))
    (art,) = data["articles"]  # type: ignore[misc]
    assert art["path"].endswith("article.en.txt")  # the .zh.txt file is a source, not an article
    assert art["source"]["pairing"] == "sibling article.zh.txt"
    assert {i["code"] for i in art["issues"]} >= {"BI201", "BI101", "BI501"}
    assert all("source_start" in i for i in art["issues"] if i["code"].startswith("BI"))


def test_explicit_source_in_gb18030(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The project has a total investment of yuan.", encoding="utf-8")
    (tmp_path / "src.txt").write_bytes("项目总投资1.5亿元。".encode("gb18030"))
    code, data = _lint_json(str(tmp_path / "a.txt"), "--source", str(tmp_path / "src.txt"))
    (art,) = data["articles"]  # type: ignore[misc]
    assert art["source"]["pairing"].startswith("--source") and [i["code"] for i in art["issues"]] == ["BI101"]
    res = CliRunner().invoke(main, ["lint", "--isolated", str(tmp_path), "--source", str(tmp_path / "src.txt")])
    assert res.exit_code == 2 and "one plain-text article" in res.stderr


@pytest.mark.parametrize(
    ("name", "pairing", "expected"),
    [
        ("xliff12.xlf", "xliff-1.2", {"BI103", "BI501"}),
        ("xliff20.xliff", "xliff-2.0", {"BI104"}),
        ("memory.tmx", "tmx", {"BI501"}),
        ("pairs.tsv", "tsv", {"BI102"}),
    ],
)
def test_segment_aligned_formats(name: str, pairing: str, expected: set[str]) -> None:
    code, data = _lint_json(str(FIXTURES / name))
    (art,) = data["articles"]  # type: ignore[misc]
    assert art["source"]["pairing"] == pairing and art["source"]["alignment"] == "given by the input format"
    assert {i["code"] for i in art["issues"] if i["code"].startswith("BI")} == expected


def test_entity_bomb_is_refused_and_other_files_go_on() -> None:
    res = CliRunner().invoke(
        main, ["lint", "--isolated", "--grammar", "off", str(FIXTURES / "bomb.xlf"), str(FIXTURES / "memory.tmx")]
    )
    assert res.exit_code == 2
    assert "bomb.xlf: unsafe XML refused" in res.stderr and "memory.tmx: score" in res.stdout


def test_mqm_tsv_is_read_as_one_article_per_system_and_document(tmp_path: Path) -> None:
    header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
    rows = [
        "sysA\tnews1\t1\t1\tr1\t总投资1.5亿元。\tA total investment of 1.5 million yuan.\tNo-error\tNo-error\n",
        "sysA\tnews1\t1\t2\tr1\t推进精准扶贫。\tThey promote precise poverty alleviation.\tNo-error\tNo-error\n",
        "sysB\tnews1\t1\t1\tr1\t总投资1.5亿元。\tA total investment of 150 million yuan.\tNo-error\tNo-error\n",
    ]
    (tmp_path / "mqm.tsv").write_text(header + "".join(rows), encoding="utf-8")
    code, data = _lint_json(str(tmp_path / "mqm.tsv"))
    arts = {a["id"]: a for a in data["articles"]}  # type: ignore[union-attr]
    assert set(arts) == {"sysA/news1", "sysB/news1"}
    assert {i["code"] for i in arts["sysA/news1"]["issues"]} == {"BI103", "BI501"}
    assert arts["sysB/news1"]["issues"] == []


def test_a_bad_mqm_tsv_row_is_an_error_at_its_line(tmp_path: Path) -> None:
    header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
    row = "sysA\tnews1\t1\t1\tr1\t总投资1.5亿元。\tA total investment of 150 million yuan.\tNo-error\t"
    (tmp_path / "mqm.tsv").write_text(header + row + "No-error\n" + row + "Bad\n", encoding="utf-8")
    code, data = _lint_json(str(tmp_path / "mqm.tsv"))
    assert code == 2 and data["errors"] == [
        {
            "path": str(tmp_path / "mqm.tsv"),
            "line": 3,
            "message": "severity 'Bad' is not one of No-error, Neutral, Minor, Major, Critical, HOTW-test",
        }
    ]


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        (".csv", "zh,en,forbidden\n乡村振兴,rural revitalization,village revitalization\n"),
        (
            ".tbx",
            '<tbx><text><body><termEntry><langSet xml:lang="zh"><tig><term>乡村振兴</term></tig></langSet>'
            '<langSet xml:lang="en"><tig><term>rural revitalization</term></tig>'
            '<tig><term>village revitalization</term><termNote type="administrativeStatus">'
            "deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry></body></text></tbx>",
        ),
    ],
)
def test_termbases_in_csv_and_tbx(tmp_path: Path, suffix: str, body: str) -> None:
    path = tmp_path / f"house{suffix}"
    path.write_text(body, encoding="utf-8")
    (term,) = load_termbase(path)
    assert (term.zh, term.en, term.forbidden) == ("乡村振兴", ("rural revitalization",), ("village revitalization",))


def test_a_bad_termbase_is_one_line_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("terms: [{zh: 一}]\n", encoding="utf-8")
    with pytest.raises(TermbaseError, match="bad.yml: term 1: needs 'zh' and 'en'"):
        load_termbase(bad)
    (tmp_path / "mtqa.toml").write_text(f'termbases = ["{bad.name}"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    res = CliRunner().invoke(main, ["lint", "--config", str(tmp_path / "mtqa.toml"), str(tmp_path / "a.txt")])
    assert res.exit_code == 2 and "bad.yml" in res.stderr


def test_currencies_and_their_amounts() -> None:
    text = "150 million yuan (about $21 million), S$13.8 bn"
    found = [(m.text, sorted(m.codes), m.amount) for m in en_currencies(text)]
    assert found == [
        ("150 million yuan", ["CNY"], 150e6),
        ("$21 million", sorted(DOLLARS), 21e6),
        ("S$13.8 bn", ["SGD"], 13.8e9),
    ]
    assert [m.text for m in en_currencies("tens of thousands of dollars; the dollar fell")] == ["dollars"]
    assert [(m.text, sorted(m.codes)) for m in zh_currencies("8000多元、3亿美元、人民币")] == [
        ("元", ["CNY"]),
        ("美元", ["USD"]),
        ("人民币", ["CNY"]),
    ]
    assert zh_currencies("元旦期间，多元化的单元，公元2023年") == []


def test_currency_checks_on_a_two_sentence_article() -> None:
    src = "项目总投资1.5亿元。门票价格为100元。"
    assert codes("The project cost $150 million. Tickets cost 100 yuan ($14).", src) == ["BI105"]
    assert codes("The project cost 150 million yuan. Tickets cost 100 yuan ($1,400).", src) == ["BI106"]
    assert codes("The project cost 150 million yuan. Tickets cost 100 yuan ($14).", src) == []


def test_english_ranges_share_a_scale_only_when_they_ascend() -> None:
    values = [n.value for n in en_numbers("from 330,600 in 2021 to 6.3 million; 12 to 14 million; COVID-19, post-90s")]
    assert values == [330600, 2021, 6.3e6, 12e6, 14e6, 90]


def test_added_figure_needs_every_source_numeral_read() -> None:
    only = Settings(select=("BI107",), grammar="off")
    flagged = lint_text("Tourism revenue reached 2,000 yuan in 2021.", "旅游收入达到2000元。", settings=only)
    assert [(i.code, i.text) for i in flagged.issues] == [("BI107", "2021")]
    # 一万六七千 is "16,000 or 17,000": not read, so no figure of the translation is called added.
    vague = lint_text("The price is about 16,000 to 17,000 yuan.", "价格大概要一万六七千元左右。", settings=only)
    assert vague.issues == ()


def test_length_outliers_are_judged_per_aligned_sentence() -> None:
    only = Settings(select=("BI402", "BI403"), grammar="off")
    src = "会议强调，要坚持以人民为中心的发展思想，扎实推进共同富裕。会议还研究了其他事项。"
    short = lint_text("The meeting stressed development. The meeting also studied other matters.", src, settings=only)
    assert [(i.code, i.start, i.source_text) for i in short.issues] == [("BI402", 33, src[:29])]
    full = "The meeting stressed adhering to people-centred development and solid progress towards common prosperity."
    assert lint_text(f"{full} The meeting also studied other matters.", src, settings=only).issues == ()


def test_gazetteer_finds_the_longest_place_names() -> None:
    text = "青海省海东市化隆回族自治县，陕西西安，六安，和平路"
    found = [(text[a:b], p.en, p.syllables) for a, b, p in find_places(text)]
    assert found == [
        ("青海省", "Qinghai", ("qing", "hai")),
        ("海东市", "Haidong", ("hai", "dong")),
        ("化隆回族自治县", "Hualong", ("hua", "long")),
        ("陕西", "Shaanxi", ()),
        ("西安", "Xi'an", ("xi", "an")),
        ("六安", "Lu'an", ("lu", "an")),
    ]


def test_place_names_split_or_missing() -> None:
    src = "西宁市召开会议。陕西省价码高于云南。"
    assert codes("A meeting was held in Xi Ning. The price in Shaanxi is higher than in Yunnan.", src) == ["BI202"]
    assert codes("A meeting was held in Xining. The price in Shanxi is higher than in Yunnan.", src) == ["BI203"]
    assert codes("A meeting was held in XiNing City. Prices in Shaanxi top Yunnan's.", src) == ["BI202"]
    assert codes("A meeting was held in Xining. The price in Shaanxi is higher than in Yunnan.", src) == []


def test_a_given_name_ending_in_a_surname_is_not_a_second_person() -> None:
    # 赵德方出席: 方 could start a name, but "attended" is not its given name.
    assert codes("Zhao Defang attended the meeting.", "赵德方出席会议。") == []
    assert codes("Hao Pengsun Li Jun attended the meeting.", "郝鹏、孙利军出席会议。") == ["BI201"]


def test_one_name_romanised_two_ways_in_an_article() -> None:
    src = "赵德方出席会议。会议由李军主持。赵德方强调，要做好工作。"
    en = "Zhao Defang attended the meeting. It was chaired by Li Jun. Zhao Defeng stressed that work must be done well."
    found = lint_text(en, src, settings=Settings(select=("BI602",), grammar="off")).issues
    assert [(i.code, i.text, i.source_text, i.suggestions) for i in found] == [
        ("BI602", "Zhao Defeng", "赵德方", ("Zhao Defang",))
    ]


def test_a_clock_hour_may_be_given_in_twelve_hour_form() -> None:
    assert [(n.text, n.kind) for n in zh_numbers("15时30分，3点多")] == [
        ("15", "hour"),
        ("30", "number"),
        ("3", "number"),
    ]
    assert codes("The meeting opened at 3:30 p.m.", "会议于15时30分开幕。") == []
    assert codes("The meeting opened at 15:30.", "会议于15时30分开幕。") == []
    assert codes("The meeting opened at 4:30 p.m.", "会议于15时30分开幕。") == ["BI101"]


def test_words_that_are_not_always_currencies() -> None:
    text = "Yuan Jiajun said the yuan fell; in 2022 won the title; 5 pounds of rice; 3 pounds sterling"
    assert [(m.text, sorted(m.codes)) for m in en_currencies(text)] == [
        ("yuan", ["CNY"]),
        ("3 pounds sterling", ["GBP"]),
    ]
    assert codes("Yuan Jiajun said prices rose to 300 yuan.", "袁家军表示，价格涨到300元。") == []


def test_the_source_aware_name_check_supersedes_the_target_only_one() -> None:
    src = "赵德方出席会议。赵德方强调，要做好工作。"
    en = "Zhao Defang attended the meeting. Zhao Defeng stressed that work must be done well."
    both = lint_text(en, src, settings=Settings(select=("BI602", "MT303"), grammar="off")).issues
    assert [i.code for i in both] == ["BI602"]
    assert [i.code for i in lint_text(en, settings=Settings(select=("BI602", "MT303"), grammar="off")).issues] == [
        "MT303"
    ]


def test_another_name_with_the_same_surname_is_not_a_variant() -> None:
    src = "赵德方出席会议。赵德方和赵德明强调，要做好工作。"
    en = "Zhao Defang attended the meeting. Zhao Deming and Zhao Fang stressed that work must be done well."
    found = lint_text(en, src, settings=Settings(select=("BI602",), grammar="off")).issues
    assert [i.text for i in found] == ["Zhao Fang"]


def test_a_termbase_calque_is_one_finding_not_also_the_packs() -> None:
    """BI501 supersedes every target-only calque rule (MT2), MT211's list of calques too: one problem, one
    finding (it was counted twice with the source given: BI501 major and MT211 minor on "difficult masses")."""
    en, src = "Officials helped the difficult masses.", "官员们帮助困难群众。"
    assert [i.code for i in lint_text(en, settings=Settings(grammar="off")).issues] == ["MT204"]
    paired = [i for i in lint_text(en, src, settings=Settings(grammar="off")).issues if i.text == "difficult masses"]
    assert [i.code for i in paired] == ["BI501"]
