#!/bin/sh
# Install the adapter into a fresh virtual environment: the image's only install step.
#
#   docker/install.sh SOURCE_DIR TARGET_VENV [SHARE_DIR]
#
# SOURCE_DIR is a checkout (pyproject.toml, adapter/, mappings/, schemas/); TARGET_VENV is created (it
# must not exist); the default mappings and their schemas are copied to SHARE_DIR (default
# TARGET_VENV/share/egov-adapter) - the mapping loader finds schemas/ beside the mappings folder.
# The Dockerfile runs this in its build stage; tests/integration/api/test_api_install.py runs the
# same script into a temporary folder and starts the server from it. pip honours PIP_* variables
# (index, proxy, cache); nothing else is read from the environment.
set -eu

if [ "$#" -lt 2 ]; then
    echo "usage: $0 SOURCE_DIR TARGET_VENV [SHARE_DIR]" >&2
    exit 2
fi
src=$(cd "$1" && pwd)
venv=$2
share=${3:-$venv/share/egov-adapter}
python=${PYTHON:-python3}

if [ -e "$venv" ]; then
    echo "install.sh: $venv exists; refusing to install over it" >&2
    exit 2
fi

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# a regular (non-editable) install: the image carries no checkout, no tests, no build tools
"$venv/bin/python" -m pip install --quiet "$src"

mkdir -p "$share"
cp -R "$src/mappings" "$share/mappings"
cp -R "$src/schemas" "$share/schemas"

# smoke test: the console script exists and the API imports
"$venv/bin/egov-adapter" --help >/dev/null
"$venv/bin/python" -c "import adapter.api, adapter.cli.serve, uvicorn"
echo "installed egov-adapter into $venv (mappings in $share/mappings)"
