"""Which selected listings are the article's subject, and which are mentioned in passing.

A Tesla story that names three rivals once should not pool the rivals with
Tesla in a group test. The rule, from the evidence in the text:

* a company named in the title (or, without a title, in the first line) is a **subject**;
* so is every company named as often as the most-named one, when that is at least twice;
* with neither, the first company the text names is the subject;
* every other listing is mentioned **in passing**.

Tagged lines count as mentions of their company. Each role carries its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

__all__ = ["Role", "assign_roles"]

Role = Literal["subject", "passing"]


class _MentionLike(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def company_id(self) -> str | None: ...

    @property
    def symbols(self) -> tuple[str, ...]: ...

    @property
    def kind(self) -> str: ...


def _key(m: _MentionLike) -> str | None:
    if m.kind == "index":
        return None
    if m.company_id:
        return m.company_id
    return f"symbol:{m.symbols[0]}" if m.symbols else None


def assign_roles(
    mentions: Sequence[_MentionLike], text: str, title_mentions: Sequence[_MentionLike] | None = None
) -> dict[str, tuple[Role, str]]:
    """``{company id (or "symbol:SYM" for a tag without a company): (role, evidence)}``.

    ``title_mentions`` are the mentions found in the article's title (None: no title,
    so the first line of ``text`` stands for it).
    """
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in mentions:
        key = _key(m)
        if key is None:
            continue
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, m.start)
    if not counts:
        return {}
    title = title_mentions is not None
    if title_mentions is not None:
        in_head = {k for m in title_mentions if (k := _key(m)) is not None}
    else:
        head_end = text.find("\n") if "\n" in text else len(text)
        in_head = {k for m in mentions if (k := _key(m)) is not None and m.start < head_end}
    top = max(counts.values())
    out: dict[str, tuple[Role, str]] = {}
    for key, n in counts.items():
        times = f"named {n} time{'s' if n != 1 else ''}"
        if key in in_head:
            out[key] = ("subject", f"named in the {'title' if title else 'first line'}; {times}")
        elif top >= 2 and n == top:
            out[key] = ("subject", f"{times}, the most of any company")
        else:
            out[key] = ("passing", times)
    if not any(role == "subject" for role, _ in out.values()):
        lead = min(first, key=first.__getitem__)
        out[lead] = ("subject", f"{out[lead][1]}; the first company the text names")
    return out
