"""Connector and sandbox base classes, token storage and the shared HTTP retry policy."""
