"""arsync.reports."""
