"""The tagger's version: one content hash over every input of the tags, the verdict and the tolls.

Stored with every tag, verdict and casualty row (`lexicon_version` columns); `sitrep retag` re-applies
the tagger to articles whose version differs, so a change to any lexicon, casualty pattern file, the
verdict model's weights and threshold, or the code that applies them re-tags what it affects.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

TASKS = Path(__file__).parent

# the code that turns a text into tags, a verdict and tolls (records.py only declares the result types;
# language.py holds SURE, below which a detected language is a guess, and ranks the likely languages
# whose first with a lexicon is then used)
CODE = ("lexicon.py", "conflict.py", "tagging.py", "casualties.py", "language.py")
DATA = ("lexicon/*.yaml", "casualty_patterns/*.yaml", "conflict_model.json")


def tagger_inputs() -> list[Path]:
    """Every file the tagger's output depends on, in a fixed order."""
    files = [TASKS / name for name in CODE]
    for pattern in DATA:
        files += sorted(TASKS.glob(pattern))
    return files


@cache
def tagger_version() -> str:
    """The first 12 hex digits of a SHA-1 over the inputs' names and contents."""
    digest = hashlib.sha1()
    # an unsure language's lexicon is chosen by py3langid's ranking (tasks/language.py): its model is an input
    digest.update(b"py3langid " + version("py3langid").encode() + b"\0")
    for path in tagger_inputs():
        digest.update(path.relative_to(TASKS).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
