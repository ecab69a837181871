"""Several municipalities in one deployment: the tenants file, read into each tenant's own ``Settings``.

``load_tenants(settings)`` reads ``EGOV_TENANTS_FILE`` (YAML, validated against
``schemas/tenants.schema.json``), resolves each secret reference (``{file: PATH}`` or ``{env: NAME}``;
an inline secret is refused), derives each tenant's ``Settings`` from the global ones (its DMS, mapping
folder, data folder with registry, audit trail and spool, XTA identity, xdomea rules; the shared
journal) and checks what no schema can (one XTA identity, data folder and DMS repository per tenant;
one default). Every problem is reported with file and line (``TenantsProblems``). Without a tenants
file there is one tenant, ``default``, whose settings are the global ones unchanged.
``TenantRegistry`` holds the graph of each tenant of a process and reloads the file without a restart.
"""

from adapter.tenancy.loader import load_tenants, parse_tenants, single_tenant
from adapter.tenancy.model import TenantConfig, TenantsConfig, TenantsProblems
from adapter.tenancy.registry import ReloadResult, TenantRegistry

__all__ = ["ReloadResult", "TenantConfig", "TenantRegistry", "TenantsConfig", "TenantsProblems", "load_tenants",
           "parse_tenants", "single_tenant"]
