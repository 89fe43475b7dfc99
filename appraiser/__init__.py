"""Qt-free core of the appraisal station: records, capture, matching, labels, reports."""

__version__ = "0.1.0"
