# egov-adapter: the service API (egov-adapter serve) in production mode.
#
# Build:   docker build -t egov-adapter .
# Run:     docker run -p 8080:8080 \
#            -e EGOV_DMS_URL=https://dms.example/alfresco/api/-default-/public/cmis/versions/1.1/browser \
#            -e EGOV_DMS_USER=svc-egov -e EGOV_DMS_PASSWORD_FILE=/run/secrets/dms_password \
#            -v egov-data:/var/lib/egov-adapter \
#            -v ./mappings:/etc/egov-adapter/mappings:ro \
#            -v ./xoev:/usr/share/xoev:ro \
#            -v ./secrets/dms_password:/run/secrets/dms_password:ro \
#            egov-adapter
#
# Mounts:  /var/lib/egov-adapter       data (registry, API clients, idempotency keys, journal, audit) - a volume
#          /etc/egov-adapter/mappings  record classes and vendor profiles (the image ships the defaults;
#                                      their JSON Schemas stay in /etc/egov-adapter/schemas)
#          /usr/share/xoev             the XÖV schema folder (xdomea XSDs, code lists)
#          /run/secrets/...            secrets, read through EGOV_<NAME>_FILE variables
# Clients: docker exec <container> egov-adapter clients add personalverwaltung --scope personalakte:*
#
# The install steps live in docker/install.sh, which tests/integration/api/test_api_install.py runs
# into a fresh virtual environment (docker cannot build on the development machines).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY adapter ./adapter
COPY mappings ./mappings
COPY schemas ./schemas
COPY docker/install.sh ./docker/install.sh
RUN sh docker/install.sh /src /opt/egov-adapter /opt/egov-adapter/share/egov-adapter

FROM python:3.11-slim
RUN groupadd --system --gid 10001 egov \
 && useradd --system --uid 10001 --gid egov --home-dir /var/lib/egov-adapter --shell /usr/sbin/nologin egov \
 && mkdir -p /var/lib/egov-adapter /etc/egov-adapter /usr/share/xoev \
 && chown egov:egov /var/lib/egov-adapter
COPY --from=build /opt/egov-adapter /opt/egov-adapter
COPY --from=build /opt/egov-adapter/share/egov-adapter/mappings /etc/egov-adapter/mappings
COPY --from=build /opt/egov-adapter/share/egov-adapter/schemas /etc/egov-adapter/schemas
ENV PATH=/opt/egov-adapter/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    EGOV_MODE=production \
    EGOV_DATA_DIR=/var/lib/egov-adapter \
    EGOV_MAPPINGS_DIR=/etc/egov-adapter/mappings \
    EGOV_XOEV_DIR=/usr/share/xoev \
    EGOV_LOG_FORMAT=json
USER 10001:10001
WORKDIR /var/lib/egov-adapter
VOLUME ["/var/lib/egov-adapter"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8080/health/live', timeout=4).status != 200)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["egov-adapter"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
