"""Odd input never crashes the linter, and every span still slices the text."""

from __future__ import annotations

import random

from toolkit import lint_text
from toolkit.config import Settings

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?'\"()[]<>-–—…\n\r\t"
    "“”‘’，。、；：【】《》（）¡¯â€™Ã©大汉网络郝鹏孙利军𠀀😀\u200b\ufeff"
)
OFF = Settings(grammar="off")
PIECES = ["Hao Peng", "sun Lijun", "11 30,", "with.", "the the", "Home>", "Copyright 2006", "mtqa: ignore[", "\n\n"]


def test_random_text_never_crashes_and_offsets_hold() -> None:
    rng = random.Random(20261123)
    for k in range(300):
        parts = [
            rng.choice(PIECES) if rng.random() < 0.2 else "".join(rng.choices(ALPHABET, k=rng.randint(1, 30)))
            for _ in range(rng.randint(1, 40))
        ]
        text = " ".join(parts)
        # the grammar engine on one text in ten (it is the slow part; the fuzz tests drive it harder)
        result = lint_text(text) if k % 10 == 0 else lint_text(text, settings=OFF)
        for i in result.issues:
            assert text[i.start : i.end] == i.text
            assert 0 <= i.start < i.end <= len(text)
        assert 0.0 <= result.score <= 100.0


def test_empty_and_blank_texts() -> None:
    for text in ("", " ", "\n\n\n", "\ufeff"):
        result = lint_text(text)
        assert result.issues == () and result.score == 100.0 and result.words == 0
