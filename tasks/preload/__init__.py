"""What the extraction workers' fork server loads before it forks the first worker (tasks/workers.py).

The fork server imports modules by name, and importing `tasks.preload.common` is what loads what every
page needs. Import it nowhere else.
"""
