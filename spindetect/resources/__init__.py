"""The floor: data shipped with spindetect and its readers, loaded lazily.

Modules, lowest first: ``data`` (paths, header checks, the DataFileError
family), ``stopwords`` (spaCy's English stop words, no other spindetect
import), ``words`` (word frequencies, vectors, web bigrams; re-exports the
stop words), ``wordnet`` and ``wordnet_graph`` (WordNet 3.0 and its
compiled graph), ``synonyms``, ``phrases`` (collocation counts), ``ngrams``
(CMU's US-English trigram model from the pocketsphinx wheel), ``llama`` and
``language_model`` (a small causal language model read from GGUF and run
with NumPy: the phrase judge), ``lexicon`` (the odd-swap lexicon, plain
data), ``models`` (model files). Nothing here imports a wing.
"""
