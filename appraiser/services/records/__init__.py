"""What leaves the bench as records: reports, daily exports, the dashboard."""
