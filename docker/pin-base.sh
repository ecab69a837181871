#!/bin/sh
# Pin the base image by digest: resolve PYTHON_BASE's tag on the registry and write TAG@sha256:DIGEST
# into the Dockerfile's ARG (run where docker can reach the registry; commit the result).
set -eu
cd "$(dirname "$0")/.."
tag=${1:-python:3.11-slim-bookworm}
digest=$(docker buildx imagetools inspect "$tag" --format '{{json .Manifest.Digest}}' | tr -d '"')
case "$digest" in sha256:*) ;; *) echo "pin-base.sh: no digest for $tag" >&2; exit 3 ;; esac
sed -i "s|^ARG PYTHON_BASE=.*|ARG PYTHON_BASE=$tag@$digest|" Dockerfile
echo "pinned $tag@$digest"
