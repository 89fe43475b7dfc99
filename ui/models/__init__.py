"""Qt item models over rows the core returns."""
