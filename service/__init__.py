"""zitat: who said what to whom in German news articles."""

__version__ = "0.1.0"
