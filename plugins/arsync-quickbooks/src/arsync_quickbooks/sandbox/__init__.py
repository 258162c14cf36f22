"""The loopback QuickBooks Online sandbox."""

from arsync_quickbooks.sandbox.server import QuickBooksSandbox, ThrottleLimits

__all__ = ["QuickBooksSandbox", "ThrottleLimits"]
