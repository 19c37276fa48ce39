"""The client's address, worked out one way for everything that counts per address: the rate limits
(django-ratelimit's RATELIMIT_IP_META_KEY) and the staff sign-in lockout (AXES_CLIENT_IP_CALLABLE)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# What a request counts as when no address can be read at all (a misconfigured socket): every such
# request shares one count, so the limits hold rather than fail.
UNKNOWN_ADDRESS = str(ipaddress.IPv4Address(0))  # 0.0.0.0: a count's name, never an address to bind to


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request, as a plain IP address.

    With TRUSTED_PROXY_COUNT at 0 that is REMOTE_ADDR. Behind N proxies, each appending the address it
    saw to X-Forwarded-For, it is the Nth address from the right: the one the farthest trusted proxy
    saw. Anything further left is whatever the client wrote, and trusting it would let someone pick a
    fresh count for every attempt. A header that is missing, too short or not addresses means the
    request did not come through the proxies as configured: it counts as REMOTE_ADDR, never as an error.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies:
            address = _valid(forwarded[-proxies])
            if address is not None:
                return address
    return remote or UNKNOWN_ADDRESS


def _valid(text: str) -> str | None:
    """`text` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
