"""Vendor profile drafts from the DMS probe's findings (``egov-adapter profile draft``).

``match`` reads a repository's model as a person would (which type is the Akte, where the UUID
can live); ``draft_profile`` turns the findings and the record classes into a vendor profile YAML
with a comment per choice.
"""

from adapter.mapping.draft.match import IdentityPlace, identity_place, level_types, normalise

__all__ = ["IdentityPlace", "identity_place", "level_types", "normalise"]
