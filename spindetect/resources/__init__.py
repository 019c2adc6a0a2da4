"""The floor: data shipped with spindetect and its readers, loaded lazily.

Modules, lowest first: ``data`` (paths, header checks, the DataFileError
family), ``words`` (word frequencies, vectors, web bigrams, stop words),
``wordnet`` and ``wordnet_graph`` (WordNet 3.0 and its compiled graph),
``synonyms``, ``phrases`` (collocation counts), ``lexicon`` (the odd-swap
lexicon, plain data), ``models`` (model files). Nothing here imports a wing.
"""
