"""The ``connectors.<name>`` block of a Xero connector (``type: xero``)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr

from arsync.connectors.base import ConnectorSettings

__all__ = ["DEFAULT_SCOPES", "XeroSettings", "default_token_dir"]

DEFAULT_SCOPES = (
    "offline_access",
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings.read",
)


def default_token_dir() -> Path:
    """Where tokens live unless configured: ``<user data dir>/arsync/tokens``."""
    return Path(platformdirs.user_data_dir("arsync")) / "tokens"


class XeroSettings(ConnectorSettings):
    """Settings of one Xero organisation (tenant).

    The URLs default to Xero's; point ``base_url`` and ``identity_url`` at a loopback sandbox
    (``arsync sandbox serve xero`` prints both) to run without Xero.
    """

    tenant_id: str = Field(description="the organisation's tenant id (`arsync auth xero` prints it)")
    client_id: str = Field(description="the app's client id from developer.xero.com")
    client_secret: SecretStr = Field(description="the app's client secret")
    refresh_token: SecretStr | None = Field(
        default=None, description="first refresh token; later ones are rotated into the token store"
    )
    base_url: str = Field(default="https://api.xero.com", description="API root; /api.xro/2.0 is appended")
    identity_url: str = Field(default="https://identity.xero.com", description="token endpoint root")
    authorize_url: str = Field(default="https://login.xero.com/identity/connect/authorize")
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    token_dir: Path | None = Field(default=None, description="token files; default <user data dir>/arsync/tokens")
    page_size: int = Field(default=100, ge=1, le=1000, description="records per page (Xero allows up to 1000)")
    payment_batch_size: int = Field(default=50, ge=1, le=500, description="payments per PUT /Payments")
    write_batch_size: int = Field(default=50, ge=1, le=500, description="contacts or invoices per PUT")
    timeout_seconds: float = Field(default=60.0, gt=0, description="read timeout of one HTTP call")
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    retry_attempts: int = Field(default=5, ge=1, description="tries of one call, the first included")
    retry_max_wait: float = Field(default=60.0, ge=0, description="longest single wait between tries, seconds")
    overlap_seconds: float = Field(default=300.0, ge=0, description="If-Modified-Since looks back this far")
    calls_per_minute: int = Field(default=60, ge=1, description="client-side pacing, Xero's per-tenant limit")
    rate_window_seconds: float = Field(default=60.0, gt=0, description="length of the pacing window (benchmarks)")
    deposit_account_code: str = Field(default="090", description="bank account code payments are deposited to")
    sales_account_code: str = Field(default="200", description="revenue account for mirrored invoice lines")

    @property
    def api_url(self) -> str:
        """The accounting API root, e.g. ``https://api.xero.com/api.xro/2.0``."""
        return self.base_url.rstrip("/") + "/api.xro/2.0"

    @property
    def token_url(self) -> str:
        """The OAuth token endpoint."""
        return self.identity_url.rstrip("/") + "/connect/token"
