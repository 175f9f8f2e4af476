"""What a build remembers: the store (SQLite), its encoded rows, the snapshot of a built site, the nothing-changed check."""
