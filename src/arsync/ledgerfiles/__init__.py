"""CSV/XLSX ledger exports (open-invoice lists) as a read-only ledger source."""

from arsync.ledgerfiles.snapshot import LedgerSnapshot

__all__ = ["LedgerSnapshot"]
