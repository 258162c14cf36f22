"""Xero connector and loopback sandbox for arsync."""
