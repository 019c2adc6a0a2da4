"""Helper 28: a short text with letters but no Latin-script letter (Chinese,
Russian, Arabic) is refused as not English, as a long one is; it was scanned
as clean (one 'word')."""

from __future__ import annotations

import pytest

import spindetect


@pytest.mark.parametrize("text", ["拜登政府和北约周三告诉俄罗斯", "Привет мир", "مرحبا بالعالم"])
def test_short_text_without_latin_letters_is_refused(text):
    with pytest.raises(ValueError, match="does not look like English"):
        spindetect.scan(text)


@pytest.mark.parametrize("text", ["café au lait is good", "Tokyo 東京 is a big city"])
def test_short_text_with_latin_letters_is_scanned(text):
    assert spindetect.scan(text).label
