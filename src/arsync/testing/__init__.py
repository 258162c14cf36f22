"""arsync.testing."""
