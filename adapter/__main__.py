"""``python -m adapter`` runs the ``egov-adapter`` command (``adapter.bootstrap.main``)."""

from adapter.bootstrap import main

main()
