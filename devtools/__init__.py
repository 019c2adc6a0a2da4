"""Development tools of spindetect: not part of the installed library.

Building the shipped data (``build_wordnet``, ``build_wordnet_graph``,
``build_lexicon``, ``build_vectors``), the benchmark corpus and its spinners
(``build_corpus``, ``spinners``), readers of the project's shared data
(``shared_data``), the corpus features that training and the benchmarks
share (``corpus``), and training (``train``, ``train_windows``). They use
only spindetect's public names. Run them from the repository root::

    python -m devtools.build_corpus
    python -m devtools.train
"""
