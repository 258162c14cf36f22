"""CSV/XLSX ledger exports (open-invoice lists) as a read-only ledger source."""

from arsync.ledgerfiles.snapshot import LedgerSnapshot

__all__ = ["LedgerSnapshot", "load_ledger_file", "load_ledger_source"]


def __getattr__(name: str) -> object:
    # Lazy, so importing the snapshot type does not pull in openpyxl-facing readers.
    if name == "load_ledger_file":
        from arsync.ledgerfiles.reader import load_ledger_file

        return load_ledger_file
    if name == "load_ledger_source":
        from arsync.ledgerfiles.source import load_ledger_source

        return load_ledger_source
    raise AttributeError(name)
