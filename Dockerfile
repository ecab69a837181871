# egov-adapter: the service API (egov-adapter serve) in production mode, with its worker.
#
# Build:   docker build -t egov-adapter .      (docker/pin-base.sh refreshes the base image digest)
# Run:     docker run -p 8080:8080 \
#            -e EGOV_DMS_URL=https://dms.example/alfresco/api/-default-/public/cmis/versions/1.1/browser \
#            -e EGOV_DMS_USER=svc-egov -e EGOV_DMS_PASSWORD_FILE=/run/secrets/dms_password \
#            -v egov-data:/var/lib/egov-adapter \
#            -v ./xoev:/usr/share/xoev:ro \
#            -v ./secrets/dms_password:/run/secrets/dms_password:ro \
#            egov-adapter
#          One container finishes its own 202 jobs: docker/entrypoint.sh starts serve with its worker
#          (EGOV_API_WORKER=true). Separate workers: docker/compose.yaml; several hosts: deploy/ (Kubernetes).
# TLS:     -e EGOV_API_TLS_CERT=/run/secrets/tls.crt -e EGOV_API_TLS_KEY=/run/secrets/tls.key
#          (the HEALTHCHECK then speaks HTTPS, pinned to that certificate: egov-adapter health)
# Mounts:  /var/lib/egov-adapter       data (registry, API clients, idempotency keys, journal, audit) - a volume
#          /etc/egov-adapter/mappings  own record classes and profiles (with EGOV_MAPPINGS_DIR; the packaged
#                                      defaults are used otherwise, and a copy of them lies here as a template)
#          /usr/share/xoev             the XÖV schema folder (xdomea XSDs, code lists)
#          /run/secrets/...            secrets, read through EGOV_<NAME>_FILE variables
# Clients: docker exec <container> egov-adapter clients add personalverwaltung --scope personalakte:*
#
# The install steps live in docker/install.sh (dependencies from requirements.lock, hash-checked), which
# tests/integration/api/test_api_install.py runs into a fresh virtual environment; docker/entrypoint.sh
# is run by tests/integration/api/test_api_container.py (docker cannot build on the development machines).

ARG PYTHON_BASE=python:3.11-slim-bookworm

FROM ${PYTHON_BASE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
COPY adapter ./adapter
COPY docker/install.sh ./docker/install.sh
RUN sh docker/install.sh /src /opt/egov-adapter /opt/egov-adapter/share/egov-adapter

FROM ${PYTHON_BASE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="egov-adapter" \
      org.opencontainers.image.description="Integration adapter between Fachverfahren and a DMS (E-Akte) via CMIS 1.1, xdomea and XTA 2" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="EUPL-1.2" \
      org.opencontainers.image.base.name="${PYTHON_BASE}"
RUN groupadd --system --gid 10001 egov \
 && useradd --system --uid 10001 --gid egov --home-dir /var/lib/egov-adapter --shell /usr/sbin/nologin egov \
 && mkdir -p /var/lib/egov-adapter /etc/egov-adapter /usr/share/xoev \
 && chown egov:egov /var/lib/egov-adapter
COPY --from=build /opt/egov-adapter /opt/egov-adapter
COPY --from=build /opt/egov-adapter/share/egov-adapter/mappings /etc/egov-adapter/mappings
COPY docker/entrypoint.sh /usr/local/bin/egov-entrypoint
ENV PATH=/opt/egov-adapter/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    EGOV_MODE=production \
    EGOV_DATA_DIR=/var/lib/egov-adapter \
    EGOV_XOEV_DIR=/usr/share/xoev \
    EGOV_LOG_FORMAT=json
USER 10001:10001
WORKDIR /var/lib/egov-adapter
VOLUME ["/var/lib/egov-adapter"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["egov-adapter", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/egov-entrypoint"]
CMD ["serve", "--host", "0.0.0.0"]
