"""Mappings: the files under ``mappings/`` loaded into frozen objects, and the pure mapping functions.

``load_mappings(dir)`` reads vendor profiles and record classes, validates them against
``schemas/*.schema.json`` and cross-checks them, reporting every problem as ``file:line: message``.
``map_record`` turns a canonical record (plus its class and a profile) into what a connector
creates: type id, parent folder path, sanitised name, properties by id, secondary types, ACL.
``read_source``, ``load_validator`` and ``schema_problems`` read other YAML files of ours (the tenants
file) the same way: composed with a line per path, validated against a schema, problems at their line.
"""

from adapter.mapping._schema import load_validator, schema_problems
from adapter.mapping._source import SourceDoc, read_source
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
    "SourceDoc",
    "VendorProfile",
    "load_mappings",
    "load_validator",
    "map_record",
    "read_source",
    "sanitize_name",
    "schema_problems",
]
