"""The ``egov-adapter`` command: one root (``main.py``), one module per subcommand group.

Exit codes (README "CLI"): 0 done, 1 input refused, 2 usage or configuration error,
3 DMS unreachable or transient failure. ``main.run`` maps the domain error tree onto them.
"""
