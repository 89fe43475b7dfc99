"""Running the station itself: opening it, first set-up, accounts, backup, the demo."""
