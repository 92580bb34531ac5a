"""storage layer of llc-bot (see ARCHITECTURE.md)."""
