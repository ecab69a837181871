"""The API's routes by resource: Akten, Dokumente and Posteingang, operations (health, metrics)."""

__all__: list[str] = []
