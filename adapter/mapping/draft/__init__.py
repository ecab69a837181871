"""Vendor profile drafts from the DMS probe's findings (``egov-adapter profile draft``).

- ``match.py``    reading a repository's model as a person would: the type of each record level,
  where the UUID and the idempotency key can live (shared with the probe's checks).
- ``needs.py``    what the record classes need of a profile (type keys, property keys and kinds).
- ``profile.py``  ``draft_profile(findings, classes, choices=..., type_choices=...)``: the choices.
- ``plan.py``, ``render.py``  the choices, written as YAML with a comment per choice.
"""

from adapter.mapping.draft.match import IdentityPlace, identity_place, level_types, normalise
from adapter.mapping.draft.plan import Candidate, OpenChoice
from adapter.mapping.draft.profile import ProfileDraft, draft_profile

__all__ = ["Candidate", "IdentityPlace", "OpenChoice", "ProfileDraft", "draft_profile", "identity_place",
           "level_types", "normalise"]
