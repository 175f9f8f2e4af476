"""Download the images an imported post shows, so they live beside it.

Only http(s), only responses whose Content-Type is an image, never more than `max_bytes`,
never longer than `timeout` seconds per request. A failure leaves the image remote and
says why; the same URL is fetched once per import.
"""

from __future__ import annotations

import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from sitegen import __version__, urls
from sitegen.importers import links

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "image/avif": ".avif", "image/svg+xml": ".svg", "image/bmp": ".bmp", "image/tiff": ".tif",
              "image/heic": ".heic", "image/heif": ".heif", "image/x-icon": ".ico"}
IMAGE_SUFFIXES = tuple(set(EXTENSIONS.values()) | {".jpeg", ".tiff"})


class DownloadError(Exception):
    pass


@dataclass
class Downloader:
    enabled: bool = True
    timeout: float = 10.0
    max_bytes: int = 20 * 1024 * 1024
    fetched: dict[str, tuple[bytes, str] | str] = field(default_factory=dict)   # url -> (data, ext) or error

    def get(self, url: str) -> tuple[bytes, str]:
        """(bytes, file extension) of an image URL; raises DownloadError with a reason."""
        if url not in self.fetched:
            try:
                self.fetched[url] = self._fetch(url)
            except DownloadError as exc:
                self.fetched[url] = str(exc)
        got = self.fetched[url]
        if isinstance(got, str):
            raise DownloadError(got)
        return got

    def _fetch(self, url: str) -> tuple[bytes, str]:
        if links.split(url).scheme not in ("http", "https"):
            raise DownloadError("not an http(s) address")
        request = urllib.request.Request(url, headers={"User-Agent": f"sitegen-import/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind = (response.headers.get_content_type() or "").lower()
                if not kind.startswith("image/"):
                    raise DownloadError(f"the server sent {kind or 'no content type'}, not an image")
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise DownloadError(f"larger than the {self.max_bytes // (1024 * 1024)} MiB cap")
                data = response.read(self.max_bytes + 1)
                if len(data) > self.max_bytes:
                    raise DownloadError(f"larger than the {self.max_bytes // (1024 * 1024)} MiB cap")
        except DownloadError:
            raise
        except urllib.error.HTTPError as exc:
            raise DownloadError(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DownloadError(f"unreachable ({reason})") from None
        path_ext = posixpath.splitext(urlsplit(url).path)[1].lower()
        ext = path_ext if path_ext in IMAGE_SUFFIXES else EXTENSIONS.get(kind, ".img")
        from sitegen.pipeline import media as image_probe  # sitegen.images' check, as the build reads images
        if image_probe.is_image("x" + ext):          # what the build could not publish stays remote (it would stop the build)
            try:
                image_probe.probe(data, "x" + ext)
            except image_probe.BadImage as exc:
                raise DownloadError(f"the file is damaged: {exc}") from None
        return data, ext


def local_name(url: str, ext: str, taken: set[str]) -> str:
    """A file name for a downloaded image: its own name made safe, unique among `taken`."""
    base = posixpath.basename(unquote(urlsplit(url).path))
    stem = posixpath.splitext(base)[0]
    stem = urls.slugify(re.sub(r"[^\w.-]+", "-", stem)) or "image"
    name, n = f"{stem}{ext}", 2
    while name in taken:
        name, n = f"{stem}-{n}{ext}", n + 1
    taken.add(name)
    return name
