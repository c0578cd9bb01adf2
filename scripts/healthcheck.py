"""The web container's healthcheck (docker-compose.yml): GET /healthz as the proxy would.

The Host header must be one ALLOWED_HOSTS accepts, whatever form the setting takes: a plain
name, a ".example.gov.cn" suffix pattern (its bare domain matches) or "*" (any name does).
X-Forwarded-Proto: https keeps the SSL redirect out of the way. Exit 0 when healthy.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def host_header(allowed_hosts: str) -> str:
    """A Host value that Django's ALLOWED_HOSTS check accepts for this setting."""
    for pattern in (part.strip() for part in allowed_hosts.split(",")):
        if not pattern:
            continue
        if pattern == "*":
            return "localhost"
        return pattern.lstrip(".")
    return "localhost"


def main() -> int:
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
    request = urllib.request.Request(
        url,
        headers={
            "Host": host_header(os.environ.get("ALLOWED_HOSTS", "")),
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
