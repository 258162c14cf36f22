"""Coverage-guided fuzzing of the bank parsers with atheris (not run in CI).

Usage::

    .venv/bin/python benchmarks/fuzz_bank_atheris.py ofx -atheris_runs=200000
    .venv/bin/python benchmarks/fuzz_bank_atheris.py csv:generic -max_total_time=600

The target is a registered format or CSV profile name (``csv:<profile>`` or just the name). Any
exception other than :class:`arsync.errors.InputError` is a finding: atheris stops and writes the
crashing input to ``crash-*``.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from arsync.bankfiles.base import ParseOptions
    from arsync.errors import InputError
    from arsync.plugins import load_plugins


def main() -> None:
    target = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "ofx"
    name = target.removeprefix("csv:")
    fmt = load_plugins().bank_formats[name]
    tmp = Path(tempfile.mkdtemp()) / "input"

    def one_input(data: bytes) -> None:
        tmp.write_bytes(data)
        with contextlib.suppress(InputError):
            list(fmt.parse_with(tmp, ParseOptions()))

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
