"""arsync.collections."""
