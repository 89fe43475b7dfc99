"""Identification of a genuine version from a bench photo, and the aligned comparison."""
