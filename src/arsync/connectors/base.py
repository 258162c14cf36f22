"""Base classes a connector plugin implements: :class:`Connector` and its :class:`Sandbox`.

A connector wraps one accounting system's SDK behind a small gateway. It reads streams of
normalized records (:mod:`arsync.models`) incrementally and carries out planned
:class:`~arsync.models.Action` writes idempotently. The engine never imports a vendor SDK; it only
talks to these classes.
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from arsync.models import Action, ExternalRef, Money, Record

if TYPE_CHECKING:
    from arsync.state import StateStore

__all__ = [
    "Connector",
    "ConnectorSettings",
    "Fault",
    "ReadResult",
    "Sandbox",
    "SandboxInfo",
    "StreamSpec",
    "WriteResult",
]


class ConnectorSettings(BaseModel):
    """Base for a connector's config model (the ``connectors.<name>`` block minus ``type``).

    Subclasses declare their fields; unknown keys are an error. Secret fields should be typed
    ``pydantic.SecretStr`` so they never print.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclasses.dataclass(frozen=True)
class StreamSpec:
    """A stream a connector can read.

    Attributes:
        name: ``customers``, ``invoices``, ``payments``, ``credit_notes``, ``deposits``, ``accounts``, ...
        model: the :mod:`arsync.models` class its records are.
        primary_key: the field that identifies a record (normally ``id``).
        replication_key: the field incremental reads follow (normally ``updated_at``), or ``None``
            for a stream that is always read whole.
    """

    name: str
    model: type[BaseModel]
    primary_key: str = "id"
    replication_key: str | None = "updated_at"


@dataclasses.dataclass
class ReadResult:
    """What one ``read`` returned.

    Attributes:
        records: normalized records, de-duplicated by primary key.
        cursor: the opaque cursor to pass as ``since`` next time (store it only after the records
            are safely stored); ``None`` when the stream has no incremental cursor.
        deleted: ids of records the remote side reports as deleted since the cursor.
        calls: remote API calls this read made (for benchmarks).
    """

    records: list[Record]
    cursor: str | None = None
    deleted: list[str] = dataclasses.field(default_factory=list)
    calls: int = 0


@dataclasses.dataclass(frozen=True)
class WriteResult:
    """The outcome of one action.

    Attributes:
        idempotency_key: the action's key.
        status: ``created`` (new remote record), ``adopted`` (an earlier copy was found and
            reused, nothing written), ``replayed`` (the remote side replayed an earlier response to
            the same key), ``updated``, or ``failed``.
        ref: the remote record, when there is one.
        error: the user-facing reason, for ``failed``.
        retriable: for ``failed``: whether trying the same action later may succeed.
    """

    idempotency_key: str
    status: Literal["created", "adopted", "replayed", "updated", "failed"]
    ref: ExternalRef | None = None
    error: str | None = None
    retriable: bool = False


class Connector(abc.ABC):
    """One configured connection to an accounting system (one tenant / company).

    Class attributes:
        type_name: what ``connectors.<name>.type`` says in config, e.g. ``"quickbooks"``.
        settings_model: the pydantic model of the connector's config block.
        streams: the streams :meth:`read` accepts.
        capabilities: words from ``{"read", "write", "batch", "cdc", "webhooks", "ar_balance",
            "send_invoice"}`` the engine checks before asking.

    Args:
        name: the configured name (``connectors.<name>``), used in logs and idempotency keys.
        settings: the validated config block.
        state: the state store, for cursors, links and tokens (``None`` in pure read tests).
    """

    type_name: ClassVar[str]
    settings_model: ClassVar[type[ConnectorSettings]] = ConnectorSettings
    streams: ClassVar[Sequence[StreamSpec]] = ()
    capabilities: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, name: str, settings: ConnectorSettings, state: StateStore | None = None) -> None:
        self.name = name
        self.settings = settings
        self.state = state

    @property
    def tenant(self) -> str:
        """The remote tenant id (QBO realm id, Xero tenant id)."""
        raise NotImplementedError

    @abc.abstractmethod
    def check(self) -> None:
        """Prove the credentials work with one cheap call.

        Raises:
            AuthError: the credentials are refused; re-authorize.
            ConfigError: the settings are wrong.
            RetriableError: the remote side is unavailable now.
        """

    @abc.abstractmethod
    def read(self, stream: str, since: str | None = None) -> ReadResult:
        """Read the records of ``stream`` changed after the cursor ``since`` (everything when ``None``).

        Args:
            stream: one of :attr:`streams`.
            since: a cursor returned by an earlier read, or ``None``.

        Returns:
            The records and the cursor to use next time.

        Raises:
            AuthError, RetriableError, DailyLimitError: see :mod:`arsync.errors`.
        """

    def write(self, action: Action) -> WriteResult:
        """Carry out one action idempotently: the same ``idempotency_key`` never writes twice.

        Before creating, look for an earlier copy (by idempotency key, link or natural key) and
        adopt it. The default calls :meth:`write_many`.
        """
        return self.write_many([action])[0]

    def write_many(self, actions: Sequence[Action]) -> list[WriteResult]:
        """Carry out several actions, batching to the vendor's maximum; one result per action, in order."""
        raise NotImplementedError(f"connector {self.type_name} does not write")

    def remote_version(self, ref: ExternalRef) -> str | None:
        """Return the current remote version (SyncToken / UpdatedDateUTC) of ``ref``, ``None`` if gone."""
        raise NotImplementedError

    def ar_balance(self, as_of: Any = None) -> Money | None:
        """Return the ledger's own accounts-receivable balance, for tie-outs; ``None`` if unsupported."""
        return None

    def home_currency(self) -> str | None:
        """Return the ledger's home (base) currency, which its documents' exchange rates convert into;
        ``None`` if the connector cannot say (the ledger's rates are then not used)."""
        return None

    def send_invoice_email(self, invoice_id: str, to: str | None = None) -> None:
        """Ask the ledger to email the invoice itself (QBO ``/invoice/{id}/send``, Xero ``/Invoices/{id}/Email``).

        Only for connectors with the ``send_invoice`` capability; used by dunning when configured.

        Raises:
            NotImplementedError: the connector cannot do this.
        """
        raise NotImplementedError(f"connector {self.type_name} cannot email invoices")

    def close(self) -> None:
        """Release HTTP sessions; idempotent."""


@dataclasses.dataclass(frozen=True)
class SandboxInfo:
    """What a running sandbox tells its clients; printed as the first stdout line of
    ``arsync sandbox serve`` (``tenant_key`` becomes ``realm_id`` or ``tenant_id``)."""

    base_url: str
    tenant_key: str
    tenant: str
    client_id: str
    client_secret: str
    refresh_token: str
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def as_json_dict(self) -> dict[str, Any]:
        """The JSON object ``arsync sandbox serve`` prints."""
        return {
            "base_url": self.base_url,
            self.tenant_key: self.tenant,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
            **self.extra,
        }


@dataclasses.dataclass
class Fault:
    """A fault a sandbox injects into matching requests (tests and benchmarks only).

    Attributes:
        kind: ``status`` (answer with ``status`` and the vendor's real error body for it), ``delay``
            (sleep ``seconds`` before answering normally), ``drop_after_commit`` (carry out the request,
            then close the connection without answering), or ``reset`` (close before doing anything).
        status: HTTP status for ``status`` faults (401, 429, 500, 503, ...).
        route: regular expression searched in ``"METHOD /path?query"``; ``None`` matches every request.
        nth: fire only on the n-th matching request (1-based), counted from injection; ``None`` for every one.
        times: how many times to fire in all (``None``: until cleared).
        probability: fire with this probability (seeded, deterministic per sandbox).
        retry_after: Retry-After seconds to send with 429/503, or ``None`` to omit the header.
        seconds: delay for ``delay`` faults.
    """

    kind: Literal["status", "delay", "drop_after_commit", "reset"] = "status"
    status: int = 500
    route: str | None = None
    nth: int | None = None
    times: int | None = 1
    probability: float | None = None
    retry_after: float | None = None
    seconds: float = 0.0


class Sandbox(abc.ABC):
    """A loopback emulator of a remote system, speaking its real wire protocol.

    Class attributes:
        type_name: the connector type it emulates.
        seeds: the seed names it accepts (at least ``empty`` and ``demo``).

    Args:
        seed: which data to start with.
        port: TCP port on 127.0.0.1; 0 picks a free one.
    """

    type_name: ClassVar[str]
    seeds: ClassVar[Iterable[str]] = ("empty", "demo")

    def __init__(self, seed: str = "empty", port: int = 0) -> None:
        self.seed = seed
        self.port = port

    @abc.abstractmethod
    def start(self) -> SandboxInfo:
        """Start serving in a background thread and return how to reach it."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop serving; idempotent."""

    def inject(self, fault: Fault) -> None:
        """Add a fault (see :class:`Fault`)."""
        raise NotImplementedError

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        raise NotImplementedError

    def revoke_tokens(self) -> None:
        """Invalidate every issued access and refresh token (the next refresh gets ``invalid_grant``)."""
        raise NotImplementedError

    def expire_access_tokens(self) -> None:
        """Make every issued access token expire now (the next call gets the vendor's 401)."""
        raise NotImplementedError

    def request_counts(self) -> Mapping[str, int]:
        """Requests served so far, by ``"METHOD /route-template"`` plus a ``"total"`` entry."""
        raise NotImplementedError

    def __enter__(self) -> SandboxInfo:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
