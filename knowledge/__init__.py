"""knowledge layer of llc-bot (see ARCHITECTURE.md)."""
