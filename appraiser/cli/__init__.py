"""The command line (DESIGN §3.1). Each module here with a ``register`` function adds
its subcommands; ``main`` discovers them, so areas add commands without touching a list."""
