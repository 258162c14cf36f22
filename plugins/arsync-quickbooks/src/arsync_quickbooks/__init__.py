"""QuickBooks Online connector and loopback sandbox for arsync."""
