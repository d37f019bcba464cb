"""State changes of alternative care (import the submodules: config, homes, gatekeeping,
placements, life)."""
