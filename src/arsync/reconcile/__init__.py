"""arsync.reconcile."""
