"""The reference library of genuine versions."""
