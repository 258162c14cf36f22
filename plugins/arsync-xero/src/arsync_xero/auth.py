"""``arsync auth xero``: OAuth consent through a loopback redirect, then tokens into the token store."""

from __future__ import annotations

import http.server
import secrets
import sys
import threading
import time
import urllib.parse
import webbrowser
from pathlib import Path
from typing import Any

import click
import httpx

from arsync.cliutil import AppContext, pass_app
from arsync.connectors.tokens import FileTokenStore
from arsync.errors import AuthError, RemoteUnavailableError, UsageError
from arsync.logs import register_secret
from arsync_xero.settings import XeroSettings, default_token_dir

__all__ = ["auth_xero", "authorize"]


class _Callback(http.server.BaseHTTPRequestHandler):
    result: dict[str, str]
    done: threading.Event

    def do_GET(self) -> None:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        if "code" in query or "error" in query:
            self.result.update(query)
            self.done.set()
        body = b"arsync: Xero authorization received; you can close this window."
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def authorize(
    settings: XeroSettings, *, port: int = 8765, open_browser: bool = True, timeout: float = 300.0, announce: Any = None
) -> list[dict[str, str]]:
    """Run the consent flow; store the tokens for every tenant granted; return those tenants.

    Raises:
        AuthError: consent refused, state mismatch, or the code exchange failed.
    """
    result: dict[str, str] = {}
    done = threading.Event()
    handler = type("Callback", (_Callback,), {"result": result, "done": done})
    server = http.server.HTTPServer(("127.0.0.1", port), handler)
    redirect_uri = f"http://localhost:{server.server_address[1]}/callback"
    state = secrets.token_urlsafe(16)
    url = (
        settings.authorize_url
        + "?"
        + urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": settings.client_id,
                "redirect_uri": redirect_uri,
                "scope": " ".join(settings.scopes),
                "state": state,
            }
        )
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        (announce or (lambda text: click.echo(text, err=True)))(f"Open this address to authorize arsync:\n{url}")
        if open_browser:
            webbrowser.open(url)
        if not done.wait(timeout):
            raise AuthError(f"no answer from Xero's consent page within {timeout:.0f} s; run `arsync auth xero` again")
    finally:
        server.shutdown()
        server.server_close()
    if "error" in result:
        raise AuthError(f"Xero consent was not given ({result['error']}); run `arsync auth xero` again")
    if result.get("state") != state:
        raise AuthError("the consent answer did not match this request (state mismatch); run `arsync auth xero` again")
    secret = settings.client_secret.get_secret_value()
    try:
        response = httpx.post(
            settings.token_url,
            data={
                "grant_type": "authorization_code",
                "code": result["code"],
                "redirect_uri": redirect_uri,
                "client_id": settings.client_id,
                "client_secret": secret,
            },
            auth=(settings.client_id, secret),
            timeout=30,
        )
    except httpx.HTTPError as exc:
        raise RemoteUnavailableError(f"Xero's token endpoint did not answer ({type(exc).__name__})") from None
    if response.status_code != 200:
        raise AuthError(
            f"Xero refused the authorization code (HTTP {response.status_code}); run `arsync auth xero` again"
        )
    token = response.json()
    register_secret(token.get("access_token"))
    register_secret(token.get("refresh_token"))
    try:
        connections = httpx.get(
            settings.base_url.rstrip("/") + "/connections",
            headers={"Authorization": f"Bearer {token['access_token']}"},
            timeout=30,
        ).json()
    except (httpx.HTTPError, ValueError) as exc:
        raise RemoteUnavailableError(f"Xero's /connections did not answer ({type(exc).__name__})") from None
    scope = str(token.get("scope") or " ".join(settings.scopes)).split()
    store = FileTokenStore(Path(settings.token_dir) if settings.token_dir else default_token_dir())
    tenants = []
    for connection in connections:
        tenant_id = str(connection.get("tenantId"))
        key = f"xero:{tenant_id}"
        with store.lock(key):
            store.save(
                key,
                {
                    "access_token": token["access_token"],
                    "refresh_token": token.get("refresh_token"),
                    "expires_in": int(token.get("expires_in") or 1800),
                    "expires_at": time.time() + int(token.get("expires_in") or 1800),
                    "token_type": token.get("token_type", "Bearer"),
                    "scope": scope,
                },
            )
        tenants.append({"tenant_id": tenant_id, "tenant_name": str(connection.get("tenantName", ""))})
    return tenants


@click.command("xero")
@click.option(
    "--connector", "connector_name", help="The configured xero connector to authorize (its settings are used)."
)
@click.option(
    "--port",
    type=int,
    default=8765,
    show_default=True,
    help="Loopback port of the redirect URI registered for the app (http://localhost:PORT/callback).",
)
@click.option("--no-browser", is_flag=True, help="Print the consent address instead of opening a browser.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds to wait for consent.")
@pass_app
def auth_xero(app: AppContext, connector_name: str | None, port: int, no_browser: bool, timeout: float) -> None:
    """Authorize arsync with Xero and store the tokens (rotated atomically from then on)."""
    config = app.config(required=True)
    names = [n for n, block in config.connectors.items() if block.type == "xero"]
    if connector_name is None:
        if len(names) != 1:
            raise UsageError(f"pass --connector NAME; xero connectors configured: {', '.join(names) or 'none'}")
        connector_name = names[0]
    settings = config.connector_settings(connector_name, XeroSettings)
    tenants = authorize(settings, port=port, open_browser=not no_browser, timeout=timeout)
    for tenant in tenants:
        marker = " (configured)" if tenant["tenant_id"] == settings.tenant_id else ""
        click.echo(f"{tenant['tenant_id']}\t{tenant['tenant_name']}{marker}")
    if settings.tenant_id not in {t["tenant_id"] for t in tenants}:
        click.echo(
            f"warning: connectors.{connector_name}.tenant_id is not among the organisations granted; "
            "set it to one of the ids above",
            err=True,
        )
        sys.exit(7)
