"""Mappings: the files under ``mappings/`` loaded into frozen objects, and the pure mapping functions.

``load_mappings(dir)`` reads vendor profiles and record classes, validates them against
``schemas/*.schema.json`` and cross-checks them, reporting every problem as ``file:line: message``.
``map_record`` turns a canonical record (plus its class and a profile) into what a connector
creates: type id, parent folder path, sanitised name, properties by id, secondary types, ACL.
"""

from adapter.mapping.loader import load_mappings
from adapter.mapping.mapper import Ace, DmsObjectSpec, FolderSpec, Placement, PropertyValue, map_record
from adapter.mapping.model import MappingSet, NameRules, RecordClass, VendorProfile
from adapter.mapping.names import sanitize_name
from adapter.mapping.problems import MappingProblems, Problem

__all__ = [
    "Ace",
    "DmsObjectSpec",
    "FolderSpec",
    "MappingProblems",
    "MappingSet",
    "NameRules",
    "Placement",
    "Problem",
    "PropertyValue",
    "RecordClass",
    "VendorProfile",
    "load_mappings",
    "map_record",
    "sanitize_name",
]
