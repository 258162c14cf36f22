"""Base class of a bank-statement format: the four small methods of an importer."""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from arsync.models import StatementLine

__all__ = ["BankFormat", "ParseOptions", "SkippedRow"]


@dataclasses.dataclass(frozen=True)
class SkippedRow:
    """A record that produced no statement line, and why.

    Attributes:
        file: the statement file.
        line: the 1-based physical line where the record starts.
        reason: a sentence for the user (the error message for a bad row).
        kind: ``bad`` (skipped with ``--skip-bad-rows``), ``pending``, ``balance``, ``filtered`` or ``info``.
    """

    file: str
    line: int
    reason: str
    kind: str = "bad"


@dataclasses.dataclass
class ParseOptions:
    """Options for :meth:`BankFormat.parse_with`.

    Attributes:
        skip_bad_rows: skip a record that cannot be read (recording it in ``skipped``) instead of
            raising :class:`~arsync.errors.InputError`.
        skipped: filled by the parser with every record it did not turn into a line (bad rows when
            ``skip_bad_rows``, and rows the format filters on purpose: pending, balance pseudo-rows).
    """

    skip_bad_rows: bool = False
    skipped: list[SkippedRow] = dataclasses.field(default_factory=list)


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

    def parse_with(self, path: Path, options: ParseOptions) -> Iterator[StatementLine]:
        """Like :meth:`parse`, honouring ``options`` and reporting skipped records into it.

        The default ignores the options (a third-party format that cannot skip rows still works).

        Raises:
            InputError: on the first bad record, unless ``options.skip_bad_rows``.
        """
        return self.parse(path)

    def explain(self, path: Path, head: bytes) -> str:
        """One phrase saying why :meth:`identify` scored the file as it did (for ambiguity messages)."""
        return ""
