"""Issue 16: source texts held in a mapping go to the Dask workers once, as
one packed blob (:class:`SharedTexts`), so each chunk of suspects is
searched and scored in one task, as for texts read from a path; above
:data:`MAX_SHARED_TEXT_BYTES` the driver pairs the texts instead. The rows
are the local run's either way."""

from __future__ import annotations

import pickle

import pytest
from conftest import SCREEN_SOURCES, SCREEN_SUSPECTS, process_cluster

import spindetect.screening.shared_texts as shared_texts
from spindetect import screen
from spindetect.screening.backends import DaskBackend, SharedTexts

SOURCES = SCREEN_SOURCES
SUSPECTS = {**SCREEN_SUSPECTS, "none": "An unrelated note about gardening: water the tomatoes every evening in July."}


def test_packed_texts_travel_as_one_blob_and_read_as_the_mapping():
    packed = SharedTexts.pack({**SOURCES, "bytes": b"not text", 7: "not an id"})
    assert packed is not None
    received = pickle.loads(pickle.dumps(packed))
    assert dict(received) == SOURCES
    assert received.get("wire") == SOURCES["wire"] and received.get("bytes") is None and "orig" in received
    assert len(received) == 3
    # the blob is all that travels: no decoded copy rides along
    assert len(pickle.dumps(received)) < len(pickle.dumps(packed.blob)) + 200


def test_texts_over_the_limit_are_not_packed():
    size = sum(len(k) + len(v) for k, v in SOURCES.items())
    assert SharedTexts.pack(SOURCES, limit=size) is None
    assert SharedTexts.pack(SOURCES, limit=size + 64 * len(SOURCES)) is not None


@pytest.fixture(scope="module")
def reference():
    return screen(SUSPECTS, SOURCES)


def test_texts_in_a_dict_are_screened_in_one_task_per_chunk_on_worker_processes(monkeypatch, reference):
    shared = []
    share = DaskBackend.share
    monkeypatch.setattr(DaskBackend, "share", lambda self, texts: shared.append(share(self, texts)) or shared[-1])
    with process_cluster() as (cluster, client):
        assert screen(SUSPECTS, SOURCES, client=client, chunk_size=1) == reference
        assert screen(SUSPECTS, SOURCES, scheduler=cluster.scheduler_address) == reference
        assert shared == [True, True]
        # too big to send: the driver pairs each suspect with its candidates' texts
        monkeypatch.setattr(shared_texts, "MAX_SHARED_TEXT_BYTES", 10)
        assert screen(SUSPECTS, SOURCES, client=client, chunk_size=2) == reference
        assert shared == [True, True, False]
