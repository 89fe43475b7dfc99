"""Use cases composed from storage and domain; the CLI and the UI call only these."""
