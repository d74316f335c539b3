from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from toolkit.config import Settings
from toolkit.engine import Linter

# The tests' grammar cache lives in a temporary folder, never in the user's home (subprocesses inherit it).
os.environ["MTQA_CACHE_DIR"] = tempfile.mkdtemp(prefix="mtqa-test-cache-")
atexit.register(shutil.rmtree, os.environ["MTQA_CACHE_DIR"], True)

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
