from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.config import Settings
from toolkit.engine import Linter

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter.from_settings(Settings())


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path
