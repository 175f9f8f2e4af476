"""`sitegen serve`: the live preview (uses the build; nothing in the build uses it)."""

from sitegen.serve.paths import content_type, host_allowed, safe_relpath
from sitegen.serve.server import PreviewServer, serve

__all__ = ["PreviewServer", "content_type", "host_allowed", "safe_relpath", "serve"]
