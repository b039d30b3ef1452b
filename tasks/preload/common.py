"""Imported by the workers' fork server: loads what every page needs, once for every worker it forks."""

from tasks.workers import freeze_loaded, load_common, lower_priority

lower_priority()
load_common()
freeze_loaded()
