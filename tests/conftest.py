from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m spindetect ARGS`` in a subprocess (text out, 300 s at
    most), with this checkout on the path and the judge off: the CLI's
    behaviour on the fast path, not the judge's verdicts."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPINDETECT_JUDGE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "spindetect", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


# -- tolerances for values recorded on another machine -------------------------
#
# Scan's window model reads how well a window's words fit their surroundings:
# cosines of float32 word vectors (spindetect/data/vectors.npz holds float16,
# loaded as float32), each a 64-term ``v @ c`` and a ``np.linalg.norm`` that
# NumPy hands to BLAS (sdot). OpenBLAS picks its sdot kernel by CPU at run time
# (AVX-512 "SkylakeX", AVX2 "Haswell", SSE "Prescott", ...), each summing the
# products in its own order, so the float32 result moves by an ulp or two
# (~1e-7) between machines. That moves window probabilities by up to ~2e-7 and
# scan's pattern_density / weighted_density by ~2e-8 relative, the 9th digit:
# model_fixtures.json was written on an AVX-512 CPU; with OPENBLAS_CORETYPE=Haswell
# this machine gives pattern_density 0.0644267373116885 for seed 001, not
# 0.06442673596954761 (SkylakeX), and 0.06442673430799917 with Prescott. With
# those dots summed in a fixed order in float64 instead, every window feature is
# bit-identical under all kernels (only float64 gemm noise, ~2e-16, is left).
# Pair features use no float32 vectors and matched bit for bit.
#: relative tolerance of features compared with values from another machine
FEATURE_RTOL = 1e-6
#: absolute floor for features that are (near) zero
FEATURE_ATOL = 1e-9
#: absolute tolerance of probabilities compared with values from another machine
PROBABILITY_ATOL = 1e-6
#: recorded cases must sit at least this far from any threshold that decides
#: a label or keeps a phrase, so the noise above cannot flip them
BOUNDARY_MARGIN = 1e-4


# The suite tests `score` and `scan` on their fast path (no language model:
# ~1 s per judged pair on 2 cores, 5-13 s to load in every CLI subprocess and
# Dask worker) except in tests marked ``judge``, which run as a user with the
# judge installed meets them. Set for the whole process before any fixture
# starts a subprocess or a Dask worker, which inherit it.
os.environ.setdefault("SPINDETECT_JUDGE", "0")


@pytest.fixture(autouse=True)
def _judge_only_where_marked(request, monkeypatch):
    if request.node.get_closest_marker("judge") is not None:
        monkeypatch.delenv("SPINDETECT_JUDGE", raising=False)


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


@contextlib.contextmanager
def process_cluster(n_workers: int = 2):
    """A ``(LocalCluster, Client)`` of ``n_workers`` worker processes, one
    thread each (skips the test without dask.distributed)."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            worker_dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield cluster, client


@pytest.fixture(scope="module")
def dask_client():
    """A Dask client on an in-process two-worker cluster (skipped without dask.distributed)."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


#: A tiny screening collection the screen tests share: three sources, and
#: spun copies of two of them (SCREEN_SUSPECTS' keys name what each is).
SCREEN_SOURCES = {
    "orig": "The cat sat on the mat, and then it went to sleep in the sun for an hour.",
    "bank": "Markets fell by 3% on Monday as investors sold shares in the banks, and the pound weakened.",
    "wire": "The minister said on Tuesday that the talks had failed, and that a new round would begin in May.",
}
SCREEN_SUSPECTS = {
    "copy": "The kitty sat on the rug, and then it went to slumber in the sunlight for an hour.",
    "wirecopy": "The curate aforesaid on Tuesday that the negotiations had unsuccessful, and that a fresh round "
    "would commence in May.",
}
