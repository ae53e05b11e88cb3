"""Progress of a long build: a bar per stage on a terminal, nothing otherwise.

The build reports stages and steps to a Progress; the command line picks the kind. Only the
building process reports (workers' results arrive here one by one), so a bar never garbles.
"""

from __future__ import annotations

from typing import Any, Protocol, TextIO


class Progress(Protocol):
    def stage(self, what: str, total: int) -> None:
        """A new stage of total steps begins (the previous one is done)."""

    def advance(self, steps: int = 1) -> None: ...

    def close(self) -> None: ...


class Silent:
    """Reports nothing: for scripts, logs, --quiet and tests."""

    def stage(self, what: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


SILENT = Silent()
MIN_STEPS = 200  # smaller stages finish before a bar would be read


class Bars:
    """tqdm bars on a terminal, one per stage of at least MIN_STEPS steps, cleared when done."""

    def __init__(self, stream: TextIO, interval: float = 0.2) -> None:
        self.stream = stream
        self.interval = interval
        self.bar: Any = None

    def stage(self, what: str, total: int) -> None:
        from tqdm import tqdm

        self.close()
        if total >= MIN_STEPS:
            self.bar = tqdm(
                total=total,
                desc=what,
                unit="",
                file=self.stream,
                leave=False,
                mininterval=self.interval,
            )

    def advance(self, steps: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(steps)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
