"""Errors raised by the state store (all under :class:`arsync.errors.FatalError`)."""

from __future__ import annotations

from arsync.errors import FatalError

__all__ = ["JournalStatusError", "StateStoreError", "StateValueError"]


class StateStoreError(FatalError):
    """The state database could not be opened or a statement failed (the message never holds a password)."""


class StateValueError(StateStoreError, TypeError):
    """A caller passed data the store refuses to keep, e.g. a float in a journal payload."""


class JournalStatusError(StateStoreError):
    """A journal entry was moved along a transition that is not allowed (``done`` is final)."""
