"""The scoring wing: ``score(a, b)``, is one text a spun copy of the other?

In the order a pair goes through them: ``align`` (sentence pairs and token
chunks) -> ``swaps`` (phrase swaps, with ``oddness``) -> ``features`` ->
``verdict`` (which side is the source; label and P(spun)) -> ``report``
(``SpinReport``); ``detector`` runs the path, ``learn`` learns a lexicon
from aligned pairs.
"""
