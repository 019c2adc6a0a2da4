"""Report files and tables: self-contained HTML pages (:mod:`.html`) and
pandas views (:mod:`.frames`) of every result."""
