"""Domain vocabulary shared by storage, services, CLI and UI."""
