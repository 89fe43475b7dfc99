"""The reference library: packs of genuine versions, their import, export and upkeep."""
