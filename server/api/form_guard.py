"""What guards the public pages and their one form (the evaluation): security headers, the Origin check, a CSRF token.

- Headers on every public answer: a CSP that allows nothing but the page's own inline style (by its hash) and forms
  posted to this site, never framed (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), `nosniff`, and a referrer
  kept to this site.
- Origin: a POST whose `Origin` names another host (or `null`) is refused; without `Origin`, a `Referer` must name
  this host; with neither, it is no browser's cross-site request (browsers send `Origin` on those) and the CSRF token
  still decides. "This host" is the `Host` header the browser used, so it holds behind a reverse proxy.
- CSRF (double submit, no server state): the page sets a random browser cookie (`SameSite=Strict`, `HttpOnly`) and
  puts in the form an HMAC of (short code, cookie, time) under a key derived from the server's signing key, so every
  worker checks it alike; it is valid for `CSRF_TTL` and only with the cookie it was made for.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from fastapi import Request, Response

from server.signing import KeyRing

BROWSER_COOKIE = "fi_browser"
CSRF_TTL = 12 * 3600  # a form left open through the afternoon still posts
_BROWSER_ID = re.compile(r"[A-Za-z0-9_-]{22,64}")


def csp(style: str) -> str:
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )


def secure(response: Response, style: str) -> Response:
    """The public pages' security headers, on any answer (pages, redirects, refusals)."""
    response.headers["Content-Security-Policy"] = csp(style)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def same_origin(request: Request) -> bool:
    host = request.headers.get("host", "").lower()
    origin = request.headers.get("origin")
    if origin is not None:
        return bool(host) and urlsplit(origin).netloc.lower() == host
    referer = request.headers.get("referer")
    if referer is not None:
        return bool(host) and urlsplit(referer).netloc.lower() == host
    return True


def browser_id(request: Request) -> str:
    """The browser's cookie value, or a new one (set it on the answer with `remember_browser`)."""
    current = request.cookies.get(BROWSER_COOKIE, "")
    return current if _BROWSER_ID.fullmatch(current) else secrets.token_urlsafe(24)


def remember_browser(request: Request, response: Response, browser: str) -> None:
    if request.cookies.get(BROWSER_COOKIE) != browser:
        response.set_cookie(
            BROWSER_COOKIE,
            browser,
            max_age=CSRF_TTL,
            path="/c",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )


def _key(keys: KeyRing) -> bytes:
    raw = keys.current_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return hashlib.sha256(b"field-inspector public form\0" + raw).digest()


def _mac(keys: KeyRing, short_code: str, browser: str, issued: str) -> str:
    return hmac.new(_key(keys), f"{short_code}\0{browser}\0{issued}".encode(), hashlib.sha256).hexdigest()


def csrf_token(keys: KeyRing, short_code: str, browser: str) -> str:
    issued = str(int(time.time()))
    return f"{issued}.{_mac(keys, short_code, browser, issued)}"


def csrf_ok(request: Request, short_code: str, token: str | None) -> bool:
    """The form's token was made for this code, for the cookie this browser sends, within `CSRF_TTL`."""
    browser = request.cookies.get(BROWSER_COOKIE, "")
    issued, _, mac = (token or "").partition(".")
    if not _BROWSER_ID.fullmatch(browser) or not issued.isdigit() or len(issued) > 12:
        return False
    if not 0 <= time.time() - int(issued) <= CSRF_TTL:
        return False
    return hmac.compare_digest(mac, _mac(request.app.state.keys, short_code, browser, issued))
