"""``python -m adapter.cli`` runs the ``egov-adapter`` command."""

from adapter.cli.main import run

run()
