"""Imported by the workers' fork server after `common`: loads what only some pages need."""

from tasks.workers import freeze_loaded, load_rare

load_rare()
freeze_loaded()
