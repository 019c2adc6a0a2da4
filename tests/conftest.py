from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def seed(name: str) -> str:
    """A seed article by file name or by its three-digit prefix."""
    path = SEEDS / name
    if not path.exists():
        (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


@pytest.fixture(scope="session")
def spun_report(seeds):
    import spindetect

    return spindetect.score(seeds["000"], seeds["002"])
