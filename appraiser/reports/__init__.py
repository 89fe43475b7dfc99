"""Reports: the daily log exports with their signed manifests, the appraisal report PDF
and the consumer bundle. Everything here reads the database through its own read-only
snapshot so a long export never blocks the bench."""
