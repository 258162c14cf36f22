"""arsync.demo."""
