"""arsync.engine."""
