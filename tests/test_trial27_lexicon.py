"""Helper 28: Lexicon.lookup of a non-str is a TypeError naming it (was an
AttributeError deep in normalisation); an entry whose spun phrase is its
original is refused; Lexicon.save to a folder says it is a folder (was
'the file exists and is not a saved lexicon', then IsADirectoryError
[Errno 21] with overwrite=True)."""

from __future__ import annotations

import pytest

import spindetect
from spindetect.resources.lexicon import Lexicon


@pytest.mark.parametrize("value", [None, 5, b"gear"])
def test_lookup_of_no_str(value):
    with pytest.raises(TypeError, match="Lexicon.lookup takes a phrase"):
        spindetect.default_lexicon().lookup(value)


@pytest.mark.parametrize("spun", ["gear", "Gear"])
def test_entry_spun_as_its_original_is_refused(spun):
    lexicon = Lexicon()
    with pytest.raises(ValueError, match="same phrase as its original"):
        lexicon.add(spun, "gear")
    assert len(lexicon) == 0
    lexicon.add("cog", "gear")
    assert lexicon.suggestions("cog") == ("gear",)


@pytest.mark.parametrize("overwrite", [False, True])
def test_save_to_a_folder(tmp_path, overwrite):
    lexicon = Lexicon()
    lexicon.add("cog", "gear")
    with pytest.raises(IsADirectoryError, match="is a folder") as info:
        lexicon.save(tmp_path, overwrite=overwrite)
    assert "Errno" not in str(info.value)
