"""arsync.ledgerfiles."""
