"""seedlint from Python: lint and clean text scraped from the web (Arabic first).

The same engine as the `seedlint` command line and language server, so findings are
identical (the same fields as `seedlint check --format json`).

    import seedlint
    findings = seedlint.check(text)                 # list of dicts
    cleaned, summary = seedlint.clean(text)         # safe fixes applied
    results = seedlint.check_batch(texts)           # all cores, GIL released
    index = seedlint.Index(); index.add([(doc_id, text), ...])   # mergeable corpus index
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ._seedlint import Index, __version__
from . import _seedlint as _native

__all__ = ["Index", "check", "check_batch", "clean", "clean_batch", "__version__"]

Finding = Dict[str, Any]


def check(
    text: str,
    config: Optional[str] = None,
    *,
    path: str = "<text>",
    index: Optional[Index] = None,
    name: Optional[str] = None,
) -> List[Finding]:
    """Findings for `text`, ordered by position.

    `config` is the path of a seedlint.toml (default: built-in settings). With an
    `index`, the text is judged as document `name` of that corpus (learned
    boilerplate, paragraphs repeated in other documents).
    """
    return json.loads(_native.check_json(text, config, path, index, name))


def check_batch(
    texts: Sequence[str],
    config: Optional[str] = None,
    *,
    index: Optional[Index] = None,
    names: Optional[Sequence[str]] = None,
) -> List[List[Finding]]:
    """`check` over many texts on every core, without holding the GIL."""
    return [json.loads(j) for j in _native.check_batch_json(list(texts), config, index, None if names is None else list(names))]


def clean(
    text: str,
    config: Optional[str] = None,
    *,
    unsafe_fixes: bool = False,
    index: Optional[Index] = None,
    name: Optional[str] = None,
) -> Tuple[str, Dict[str, Any]]:
    """Apply the safe fixes (and the unsafe ones if asked): the cleaned text, and a
    summary: fixes applied per rule (`removed`), counts, sizes before and after."""
    cleaned, summary = _native.clean_json(text, config, unsafe_fixes, index, name)
    return cleaned, json.loads(summary)


def clean_batch(
    texts: Sequence[str],
    config: Optional[str] = None,
    *,
    unsafe_fixes: bool = False,
    index: Optional[Index] = None,
    names: Optional[Sequence[str]] = None,
) -> List[Tuple[str, Dict[str, Any]]]:
    """`clean` over many texts on every core, without holding the GIL."""
    out = _native.clean_batch_json(list(texts), config, unsafe_fixes, index, None if names is None else list(names))
    return [(t, json.loads(s)) for t, s in out]
