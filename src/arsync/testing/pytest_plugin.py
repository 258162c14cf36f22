"""pytest plugin (entry point ``pytest11``): fixtures for testing arsync connectors and parsers."""
