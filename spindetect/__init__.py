"""spindetect: catch article spinning."""
