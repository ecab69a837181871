"""Message transports between the adapter and other authorities: ``xta/`` (XTA 2 web services)."""

__all__: list[str] = []
