"""Process exit codes: the contract with cron jobs and schedulers (see DESIGN.md, "Cron behaviour")."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Every exit status the ``arsync`` command can end with."""

    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3  # some tenants or actions failed; or a daily quota ended the run: resume later
    CHANGES_PENDING = 4  # with --detailed-exitcode: the plan is not empty
    STALE_PLAN = 5
    LOCKED = 6
    REAUTH = 7
    CONFIG = 78  # EX_CONFIG from sysexits.h
