"""Why a local server cannot listen where it was asked to, and what to do instead."""

from __future__ import annotations

import errno


def cannot_listen(exc: OSError, host: str, port: int) -> str:
    """Why the server cannot take host:port, and what to do."""
    if exc.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else 8001
        return (
            f"port {port} on {host} is already taken, perhaps by another `sitegen serve`: stop "
            f"that program, or choose another port with --port, e.g. --port {other}"
        )
    if exc.errno == errno.EACCES:
        return (
            f"not allowed to listen on port {port}: choose a port from 1024 to 65535 with "
            "--port, e.g. --port 8000"
        )
    return (
        f"cannot listen on {host} port {port} ({exc.strerror or exc}): check --host "
        "(e.g. 127.0.0.1) and --port"
    )
