"""What arrives at the bench: the day's queue, inbound lists, scans and intake."""
