"""Which file a request names, and whether a request may be answered at all.

Only files inside the served folder (no `..`, encoded slashes or backslashes, no symlinks that
lead out, no dot files); requests must name this server in their Host header (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import unquote

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".bmp": "image/bmp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".zip": "application/zip",
}
FEED_TYPES = {          # by file name: feeds anywhere in the site (/feed.xml, /tags/x/atom.xml)
    "feed.xml": "application/rss+xml",
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}


def content_type(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    if base in FEED_TYPES:
        return FEED_TYPES[base]
    return CONTENT_TYPES.get(os.path.splitext(base)[1], "application/octet-stream")


# ---------------------------------------------------------------------------------------------
# Request checks: which file a path names, and whether the Host header names this server
# ---------------------------------------------------------------------------------------------

def safe_relpath(raw_path: str) -> str | None:
    """The output-relative path a request path names, or None when it must be refused.

    The path is percent-decoded exactly once.  Refused: anything not starting with '/',
    encoded slashes, backslashes (plain or encoded), NUL, '..' or '.' segments, dot files
    and folders, and invalid UTF-8.  The result may still be a folder or a missing file.
    """
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return None
    lowered = path.lower()
    if "%2f" in lowered or "%5c" in lowered or "\\" in path or "%00" in lowered:
        return None
    try:
        decoded = unquote(path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = decoded.split("/")[1:]
    trailing = parts and parts[-1] == ""
    parts = [p for p in parts if p != ""]
    for part in parts:
        if part in (".", "..") or part.startswith(".") or os.sep in part or (os.altsep and os.altsep in part):
            return None
    rel = "/".join(parts)
    return rel + ("/" if trailing and rel else "")


def inside(root_real: str, path: str) -> str | None:
    """The real path of `path` when it resolves (symlinks followed) inside `root_real`."""
    real = os.path.realpath(path)
    if real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep):
        return real
    return None


def split_host(value: str) -> tuple[str, int | None] | None:
    value = value.strip().lower()
    if not value:
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else ""
    elif value.count(":") == 1:
        name, port_text = value.split(":")
    elif ":" in value:
        return None                  # a bare IPv6 address must be in brackets
    else:
        name, port_text = value, ""
    if port_text:
        if not port_text.isdigit():
            return None
        port: int | None = int(port_text)
    else:
        port = None
    return name.rstrip("."), port


def host_allowed(host_header: str | None, server_host: str, server_port: int, local_addr: str) -> bool:
    """Whether a Host header names this server (anything else may be a DNS-rebinding page)."""
    if not host_header:
        return False
    parsed = split_host(host_header)
    if parsed is None:
        return False
    name, port = parsed
    if port is None:
        if server_port != 80:
            return False
    elif port != server_port:
        return False
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        ip = None
    if ip is not None:
        if ip.is_loopback:
            return True
        local = local_addr.lower().removeprefix("::ffff:")
        return name == local or name == server_host.lower().strip("[]")
    bound = server_host.lower().strip("[]")
    if name == bound:
        return True
    wildcard = bound in ("", "0.0.0.0", "::")
    if wildcard or not _is_loopback(bound):
        try:
            own = {socket.gethostname().lower(), socket.getfqdn().lower()}
        except OSError:
            own = set()
        return name in own
    return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

