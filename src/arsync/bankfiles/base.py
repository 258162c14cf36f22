"""Base class of a bank-statement format: the four small methods of an importer."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from arsync.models import StatementLine

__all__ = ["BankFormat"]


class BankFormat(abc.ABC):
    """A statement parser (one per structured format, one instance per CSV bank profile).

    Class/instance attributes:
        name: short unique name, e.g. ``ofx``, ``camt.053``, ``chase-checking``; what ``--profile`` takes.
        description: one line for ``arsync bank formats``.
        kind: ``structured`` or ``csv``.
    """

    name: str
    description: str = ""
    kind: ClassVar[str] = "structured"

    @abc.abstractmethod
    def identify(self, path: Path, head: bytes) -> float:
        """Return how sure we are, in [0, 1], that ``path`` is in this format.

        Args:
            path: the file (its name may help; do not rely on it alone).
            head: the first bytes of the file (at least 64 KiB, or the whole file if shorter).

        Returns:
            0.0 for "certainly not", 1.0 for "certainly". Never raises.
        """

    @abc.abstractmethod
    def parse(self, path: Path) -> Iterator[StatementLine]:
        """Yield the file's statement lines in file order, amounts positive for money in.

        Raises:
            InputError: naming the file, line, column and value, on the first bad record.
        """
