"""The service API for Fachverfahren: HTTP (FastAPI) -> command -> service; no business logic here.

``app.create_app`` builds the application over an opened adapter; ``server.serve`` runs it on
uvicorn with graceful shutdown. Security lives in ``clients`` (hashed tokens, scopes) and
``security`` (the per-request dependency); errors become RFC 9457 problems in ``problems`` (one
table); ``idempotency`` keeps ``Idempotency-Key`` answers; ``uploads`` spools multipart files to
disk while hashing them; ``middleware`` adds request ids, access logs, metrics and secure headers.
"""

from adapter.api.app import create_app
from adapter.api.settings import ApiSettings, api_settings

__all__ = ["ApiSettings", "api_settings", "create_app"]
