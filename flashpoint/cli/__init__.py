"""Command-line shell over the library (``flashpoint --help``)."""
