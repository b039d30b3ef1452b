"""The tagger version covers every input of the tags, the verdict and the tolls."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import tasks.version as version
from tasks.lexicon import languages

ROOT = Path(__file__).resolve().parent.parent

# Tags every lexicon language (and an unknown one: all lexicons), reads tolls in every language, and
# prints each file under tasks/ that it opened and each tasks module it imported.
PROBE = """
import json, sys
from pathlib import Path
tasks_dir = Path(sys.argv[1]).resolve()
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, Path)):
        path = Path(args[0]).resolve()
        if tasks_dir in path.parents and "__pycache__" not in path.parts:
            opened.add(str(path))
sys.addaudithook(hook)
from tasks.casualties import extract_casualties
from tasks.tagging import tag_article
text = "Troops clashed with rebels; an air strike killed 400 fighters and wounded 12. " * 3
for lang in json.loads(sys.argv[2]) + ["xx", None]:
    tag_article("Air strike kills 400", text, lang)
    extract_casualties(text, lang, "Air strike kills 400")
modules = {m.__file__ for name, m in list(sys.modules.items()) if name.startswith("tasks.") and m.__file__}
print(json.dumps({"opened": sorted(opened), "modules": sorted(modules)}))
"""
# modules of the tagger's import graph that only declare types or compute the version itself
NOT_INPUTS = {"records.py", "version.py", "__init__.py"}


def test_every_file_the_tagger_reads_is_in_its_version():
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "tasks"), json.dumps(list(languages()))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    seen = json.loads(out)
    inputs = {str(p.resolve()) for p in version.tagger_inputs()}
    data_read = {p for p in seen["opened"] if not p.endswith((".py", ".pyc"))}
    assert data_read, "the probe saw no data file opened: it no longer measures anything"
    assert data_read <= inputs, f"read by the tagger but not in its version: {sorted(data_read - inputs)}"
    code = {str(Path(p).resolve()) for p in seen["modules"] if Path(p).name not in NOT_INPUTS}
    assert code <= inputs, f"tagger code not in its version: {sorted(code - inputs)}"


def test_changing_any_input_changes_the_version(tmp_path, monkeypatch):
    copy = tmp_path / "tasks"
    shutil.copytree(ROOT / "tasks", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "TASKS", copy)
    version.tagger_version.cache_clear()
    try:
        before = version.tagger_version()
        inputs = version.tagger_inputs()
        assert {p.suffix for p in inputs} >= {".py", ".yaml", ".json"}
        for path in inputs:
            original = path.read_bytes()
            path.write_bytes(original + b"\n")
            version.tagger_version.cache_clear()
            assert version.tagger_version() != before, path.name
            path.write_bytes(original)
        version.tagger_version.cache_clear()
        assert version.tagger_version() == before
    finally:
        version.tagger_version.cache_clear()


def test_another_language_identifier_model_changes_the_version(monkeypatch):
    """An unsure language's lexicon is py3langid's choice: a new py3langid release may choose another."""
    version.tagger_version.cache_clear()
    try:
        before = version.tagger_version()
        monkeypatch.setattr(version, "version", lambda package: "99.0")
        version.tagger_version.cache_clear()
        assert version.tagger_version() != before
    finally:
        version.tagger_version.cache_clear()
