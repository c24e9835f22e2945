"""The name a bot process goes by in the database (leases, the sender role) and in /about."""

from __future__ import annotations

import os
import secrets
import socket


def process_name() -> str:
    """Host, process id and a random suffix: unique even when a restarted container reuses the pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"
