"""The scanning wing: ``scan(text)``, does one text look spun, without a source?

In the order a text goes through them: ``windows`` (candidate phrases, their
features and restorations) -> ``features`` (text features) -> ``verdict``
(window model, text model, label thresholds) -> ``report`` (``ScanReport``);
``context`` weighs lexicon hits and suggestions in their sentence
(trigram model, language-model judge); ``scanner`` runs the path
(``Scanner``, ``ScannerConfig``).
"""
