"""Configuration: prefixes (longest wins), preview rules, severity overrides, files, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.config import ConfigError, Settings, enabled_rules, find_config, load_settings, merge


def _codes(settings: Settings) -> set[str]:
    return {r.code for r in enabled_rules(settings)}


def test_defaults_run_stable_rules_only() -> None:
    codes = _codes(Settings())
    assert "MT201" in codes and "MT408" not in codes and "MT505" not in codes


def test_longest_prefix_wins() -> None:
    codes = _codes(
        Settings(
            select=("MT2",),
            ignore=("MT20",),
        )
    )
    assert codes == {"MT210", "MT211", "MT212", "MT213", "MT214"}
    codes = _codes(Settings(select=("MT2", "MT201"), ignore=("MT20", "MT21")))
    assert codes == {"MT201"}
    codes = _codes(Settings(ignore=("MT8", "MT1")))
    assert not any(c.startswith(("MT8", "MT1")) for c in codes) and "MT201" in codes


def test_preview_rules_need_their_full_code() -> None:
    assert "MT408" not in _codes(Settings(select=("MT4",)))
    assert "MT408" in _codes(Settings(select=("MT4", "MT408")))


def test_severity_overrides_by_prefix() -> None:
    rules = {r.code: r for r in enabled_rules(Settings(severity=(("MT2", "critical"), ("MT206", "minor"))))}
    assert rules["MT201"].severity == "critical" and rules["MT206"].severity == "minor"


def test_pyproject_and_mtqa_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mtqa]\nselect = ["MT2"]\nfail-on = "critical"\nmin-score = 80\nseverity = {MT206 = "major"}\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    found = find_config(sub)
    assert found == tmp_path / "pyproject.toml"
    s = load_settings(found)
    assert s.select == ("MT2",) and s.fail_on == "critical" and s.min_score == 80.0
    (tmp_path / "a" / "mtqa.toml").write_text('ignore = ["MT9"]\nreference-words = 100\n')
    near = find_config(sub)
    assert near == tmp_path / "a" / "mtqa.toml"
    assert load_settings(near).reference_words == 100


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('fail-on = "sometimes"\n', "fail-on"),
        ('colour = "red"\n', "unknown key"),
        ('severity = {MT201 = "fatal"}\n', "severity"),
        ("weights = {tiny = 1}\n", "weights take minor, major, critical, minor-punctuation, not 'tiny'"),
        ("reference-words = 0\n", "reference-words"),
        ("select = [\n", "cannot read config"),
        ('select = "MT2"\n', "select must be a list of strings"),
        ('min-score = "high"\n', "min-score must be a number"),
        ("min-words = 2.5\n", "min-words must be a whole number"),
        ("severity = 5\n", "severity must be a table"),
        ('weights = {major = "big"}\n', "weights.major must be a number"),
        ("rule-packs = [1]\n", "rule-packs must be a list of strings"),
        ("calibration = 0.05\n", "calibration must be a table such as {unseen-rate = 0.05}"),
        ("[calibration]\nslope = 2\n", "calibration takes unseen-rate and density-gain, not 'slope'"),
        ("[calibration]\nunseen-rate = -0.1\n", "calibration.unseen-rate must not be negative"),
        ('[calibration]\ndensity-gain = "10"\n', "calibration.density-gain must be a number"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "mtqa.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message) as exc:
        load_settings(path)
    assert str(path) in str(exc.value)


def test_merge_ignores_unset_values() -> None:
    base = Settings(fail_on="minor")
    assert merge(base, fail_on=None, select=None) == base


def test_calibration_table_sets_one_or_both_values(tmp_path: Path) -> None:
    path = tmp_path / "mtqa.toml"
    path.write_text("[calibration]\ndensity-gain = 3\n")
    assert load_settings(path).calibration == (Settings().calibration[0], 3.0)
    path.write_text("calibration = {unseen-rate = 0.1, density-gain = 0}\n")
    assert load_settings(path).calibration == (0.1, 0.0)
