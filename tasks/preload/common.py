"""Imported by the workers' fork server: loads what every page needs, once for every worker it forks."""

from tasks.workers import freeze_loaded, load_common, settle_fork_server

settle_fork_server()
load_common()
freeze_loaded()
