#!/bin/sh
# The image's entry point: `egov-adapter ARGS` (default: the service API on port EGOV_API_PORT, 8080).
#
# A single `docker run` must finish its 202 jobs (large uploads, xdomea containers): unless told
# otherwise, `serve` runs one worker in its own process (EGOV_API_WORKER=true, supervised by serve:
# it stops with it and readiness reports it). Deployments with separate worker processes
# (docker/compose.yaml, deploy/) set EGOV_API_WORKER=false on the API and run `worker` beside it.
# tests/integration/api/test_api_container.py runs this script and watches a 202 job finish.
set -eu

: "${EGOV_API_WORKER:=true}"
export EGOV_API_WORKER

if [ "$#" -eq 0 ]; then
    set -- serve --host 0.0.0.0
fi
exec egov-adapter "$@"
