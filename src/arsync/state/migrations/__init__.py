"""Alembic migrations for the state store, shipped inside the package and run by :mod:`arsync.state.migrate`."""
