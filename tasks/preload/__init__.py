"""What the extraction workers' fork server loads before it forks the first worker (tasks/workers.py).

The fork server imports these modules by name, and importing one is what loads: `tasks.preload.common`
loads what every page needs, `tasks.preload.rare` what only some pages need. Import them nowhere else.
"""
