"""Developer tools: benchmark probes and screen renderers. Not part of the station."""
