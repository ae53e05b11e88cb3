"""Recognise the parts of a job ad that are not about the job.

Equal-opportunity statements, accommodation notices, generic benefits sections and
disclaimers, trailing tracking codes ("#LI-REMOTE", "Req ID: R2648", "Group: D") and
leftover buttons ("Generate Cover Letter →") are kept out of the description. Each
dropped block becomes a `Note` so the maintainer sees what went.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Note

_HEADING = re.compile(r"^(?:#{1,6}\s+.*|\*\*[^*\n]+\*\*:?|__[^_\n]+__:?)$")
_PLAIN_HEADING_MAX = 60
_SECTION_TITLE_WORDS = 8
_BOILERPLATE_HEADING = re.compile(
    r"equal (?:employment )?opportunit|diversity|inclusion|\bEEO\b|accommodation"
    r"|\bbenefits\b|\bperks\b|what you.ll get|what we offer",
    re.I,
)
# An "application guide" page wraps the ad in advice to the applicant; that advice is not the
# job. Its sections run on through the step headings they hold ("1", "Interviews", "Offer")
# until a heading about the role itself.
_COACHING_HEADING = re.compile(
    r"tips for applying|how to stand out|what to emphasi[sz]e|cover letter"
    r"|interview (?:topics|questions|tips)|prepare for|common mistakes|mistakes to avoid"
    r"|application timeline|ready to apply|good luck",
    re.I,
)
_ROLE_HEADING = re.compile(
    r"\babout\b|\brole\b|responsibilit|requirement|qualification|looking for|what you"
    r"|skills|\bteam\b|day in the life|salary|compensation|location|what we offer|benefits",
    re.I,
)
_ROLE_HEADING_WORDS = 6
_BLOCK_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "application coaching",
        re.compile(r"good luck with your application", re.I),
    ),
    (
        "equal-opportunity statement",
        re.compile(
            r"equal (?:employment )?opportunit|without regard to|do(?:es)? not discriminate"
            r"|affirmative action|protected veteran",
            re.I,
        ),
    ),
    (
        "accommodation notice",
        re.compile(
            r"\baccommodations?\b",
            re.I,
        ),
    ),
    (
        "benefits disclaimer",
        re.compile(
            r"compensation at the time of offer|benefits for eligible employees"
            r"|total compensation and benefits|benefits package",
            re.I,
        ),
    ),
)
_TRACKING = re.compile(
    r"^(?:(?:#[\w-]+\s*)+"
    r"|(?:req(?:uisition)?|job|posting)\.?\s*(?:id|#|number|no\.?)\s*[:#]?\s*[\w-]+"
    r"|group:\s*\w{1,3}"
    r"|.{1,40}\s→)$",
    re.I,
)


@dataclass(frozen=True)
class Cleaned:
    body: str
    notes: tuple[Note, ...]


def split_blocks(text: str) -> list[str]:
    """Blocks of text separated by blank lines, each with trailing spaces removed."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(b) for b in blocks if b]


def is_heading(block: str) -> bool:
    """A Markdown heading, a bold line, or a short plain line without closing punctuation."""
    if "\n" in block:
        return False
    if _HEADING.match(block):
        return True
    line = block.strip()
    return (
        len(line) <= _PLAIN_HEADING_MAX
        and not line.endswith((".", ",", ";"))
        and not (line.startswith(("-", "*", "+")) or line[:1].isdigit())
    )


def classify(block: str) -> str | None:
    """The kind of boilerplate `block` is, or None when it belongs in the description."""
    for kind, pattern in _BLOCK_KINDS:
        if pattern.search(block):
            return kind
    return None


def strip_boilerplate(blocks: Sequence[str], *, keep: bool) -> Cleaned:
    """Drop boilerplate blocks and sections (unless `keep`) and tracking lines, noting each."""
    kept: list[str] = []
    content, tracking = _without_tracking_lines(blocks)
    notes = [Note("dropped", f"tracking code or page button: {line}") for line in tracking]
    section: str | None = None
    section_blocks = 0
    for block in [*content, ""]:
        if is_heading(block) or not block:
            if _coaching_goes_on(section, block):
                section_blocks += 1
                continue
            if section:
                notes.append(Note("dropped", f"{section} ({section_blocks} blocks)"))
            section = _boilerplate_section(block)
            section_blocks = 0
        if not block:
            continue
        kind = classify(block) or section
        if kind is None or keep:
            kept.append(block)
        elif kind == section:
            section_blocks += 1
        else:
            notes.append(Note("dropped", f"{kind}: {_preview(block)}"))
    return Cleaned(body="\n\n".join(kept), notes=tuple(notes))


def _boilerplate_section(heading: str) -> str | None:
    title = re.sub(r"[#*_:]", "", heading).strip()
    if len(title.split()) > _SECTION_TITLE_WORDS:
        return None
    if _COACHING_HEADING.search(title):
        return f"application coaching from {title!r} on"
    if not _BOILERPLATE_HEADING.search(title):
        return None
    return f"section {title!r}"


def _coaching_goes_on(section: str | None, heading: str) -> bool:
    """True when `heading` is one more step of the coaching `section` that is open."""
    return bool(
        heading
        and section
        and section.startswith("application coaching")
        and not (_ROLE_HEADING.search(heading) and len(heading.split()) <= _ROLE_HEADING_WORDS)
        and not _BOILERPLATE_HEADING.search(heading)
    )


def _without_tracking_lines(blocks: Sequence[str]) -> tuple[list[str], list[str]]:
    """The blocks without their tracking lines, and those lines."""
    content: list[str] = []
    tracking: list[str] = []
    for block in blocks:
        lines = [line for line in block.splitlines() if not _TRACKING.match(line.strip())]
        tracking.extend(
            line.strip() for line in block.splitlines() if _TRACKING.match(line.strip())
        )
        if lines:
            content.append("\n".join(lines))
    return content, tracking


def _preview(block: str, width: int = 60) -> str:
    text = " ".join(block.split())
    return text if len(text) <= width else text[: width - 1] + "…"
