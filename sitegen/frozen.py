"""Read-only mappings that can be pickled (for workers and the build cache)."""

from __future__ import annotations

from typing import Any


class FrozenDict(dict[Any, Any]):
    """A read-only dict that pickles (front matter extras travel to workers and the cache)."""

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("this mapping is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))


def freeze(value: Any) -> Any:
    """Deep read-only copy of YAML/TOML values."""
    if isinstance(value, dict):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value
