"""``arsync auth quickbooks``: OAuth consent through a loopback redirect, tokens into the token store."""

from __future__ import annotations

import http.server
import os
import secrets
import threading
import time
import urllib.parse
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import platformdirs
import requests
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError

from arsync.connectors.tokens import FileTokenStore, TokenStore
from arsync.errors import AuthError, UsageError
from arsync.logs import register_secret

__all__ = ["ConsentResult", "auth_quickbooks", "run_consent_flow"]


class ConsentResult(dict[str, Any]):
    """``{"realm_id", "token_key"}`` of a finished consent (tokens themselves stay in the store)."""


def _callback_server(port: int, path: str) -> tuple[http.server.HTTPServer, dict[str, str], threading.Event]:
    received: dict[str, str] = {}
    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the query string carries the authorization code."""

        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path != path:
                self.send_response(404)
                self.end_headers()
                return
            received.update(dict(urllib.parse.parse_qsl(parsed.query)))
            body = b"<html><body>arsync is authorized; you can close this window.</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            done.set()

    server = http.server.HTTPServer(("127.0.0.1", port), Handler)
    return server, received, done


def run_consent_flow(
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    environment: str,
    store: TokenStore,
    open_url: Callable[[str], Any] = webbrowser.open,
    timeout: float = 300.0,
) -> ConsentResult:
    """Run the OAuth authorization-code flow with a loopback redirect and store the tokens.

    Args:
        client_id: the Intuit app's client id.
        client_secret: its secret.
        redirect_uri: a ``http://localhost:PORT/PATH`` (or 127.0.0.1) URI registered with the app.
        environment: ``production``, ``sandbox`` or a discovery-document URL (the loopback sandbox).
        store: where the tokens go (key ``quickbooks:<realm>``).
        open_url: opens the consent page (a browser; tests follow the redirect themselves).
        timeout: seconds to wait for the redirect.

    Raises:
        UsageError: the redirect URI is not a loopback http URI.
        AuthError: consent was refused, the state did not match, or the code exchange failed.
    """
    parts = urllib.parse.urlsplit(redirect_uri)
    if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1") or not parts.port:
        raise UsageError("--redirect-uri must be http://localhost:PORT/PATH, registered with the Intuit app")
    register_secret(client_secret)
    if environment.startswith("http://"):
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    auth = AuthClient(client_id, client_secret, redirect_uri, environment)
    state = secrets.token_urlsafe(16)
    server, received, done = _callback_server(parts.port, parts.path or "/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        open_url(auth.get_authorization_url([Scopes.ACCOUNTING], state_token=state))
        deadline = time.monotonic() + timeout
        while not done.wait(0.1):
            if time.monotonic() > deadline:
                raise AuthError("no answer from the Intuit consent page in time; run `arsync auth quickbooks` again")
    finally:
        server.shutdown()
        server.server_close()
    if received.get("state") != state:
        raise AuthError("the OAuth redirect carried the wrong state (a stale or forged page); try again")
    if "error" in received or "code" not in received:
        raise AuthError(
            f"consent was not given ({received.get('error', 'no code')}); run `arsync auth quickbooks` again"
        )
    realm = received.get("realmId", "")
    try:
        auth.get_bearer_token(received["code"], realm_id=realm)
    except (AuthClientError, requests.RequestException) as exc:
        raise AuthError(f"exchanging the authorization code failed ({type(exc).__name__}); try again") from None
    register_secret(auth.access_token)
    register_secret(auth.refresh_token)
    key = f"quickbooks:{realm}"
    now = time.time()
    with store.lock(key):
        store.save(
            key,
            {
                "access_token": auth.access_token,
                "refresh_token": auth.refresh_token,
                "expires_at": now + float(auth.expires_in or 3600),
                "refresh_expires_at": now + float(auth.x_refresh_token_expires_in or 0),
                "realm_id": realm,
            },
        )
    return ConsentResult(realm_id=realm, token_key=key)


@click.command("quickbooks")
@click.option("--client-id", envvar="ARSYNC_QBO_CLIENT_ID", required=True, help="The Intuit app's client id.")
@click.option(
    "--client-secret",
    envvar="ARSYNC_QBO_CLIENT_SECRET",
    prompt=True,
    hide_input=True,
    help="The app's secret (prompted when not given; env ARSYNC_QBO_CLIENT_SECRET).",
)
@click.option(
    "--redirect-uri",
    default="http://localhost:8765/callback",
    show_default=True,
    help="The loopback redirect registered with the app.",
)
@click.option("--environment", type=click.Choice(["production", "sandbox"]), default="production", show_default=True)
@click.option("--base-url", default=None, help="A loopback sandbox, e.g. http://127.0.0.1:PORT.")
@click.option(
    "--token-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where tokens are kept (default: the user data dir).",
)
@click.option("--no-browser", is_flag=True, help="Print the consent URL instead of opening a browser.")
def auth_quickbooks(  # noqa: PLR0917 - click passes options positionally
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    environment: str,
    base_url: str | None,
    token_dir: Path | None,
    no_browser: bool,
) -> None:
    """Authorize arsync with a QuickBooks Online company and store its tokens."""
    directory = token_dir or Path(platformdirs.user_data_dir("arsync")) / "tokens"

    def show(url: str) -> None:
        click.echo(f"Open this URL to authorize arsync:\n{url}", err=True)

    result = run_consent_flow(
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        environment=f"{base_url.rstrip('/')}/.well-known/openid_configuration/" if base_url else environment,
        store=FileTokenStore(directory),
        open_url=show if no_browser else webbrowser.open,
    )
    click.echo(
        f"authorized realm {result['realm_id']}; tokens stored in {directory} as {result['token_key']}. "
        f"Set connectors.<name>.realm_id: {result['realm_id']} in your config."
    )
