#!/bin/sh
# Install the adapter into a fresh virtual environment: the image's only install step.
#
#   docker/install.sh SOURCE_DIR TARGET_VENV [SHARE_DIR]
#
# SOURCE_DIR is a checkout (pyproject.toml, requirements.lock, adapter/); TARGET_VENV is created (it
# must not exist). The dependencies come from requirements.lock, every file checked against its
# SHA-256 (pip --require-hashes); the adapter itself is installed on top with --no-deps, so two builds
# from the same checkout install the same files. A copy of the packaged default mappings goes to
# SHARE_DIR (default TARGET_VENV/share/egov-adapter) as a template for an operator's own.
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
# the locked dependencies, hash-checked; then a regular (non-editable) install of the adapter alone
"$venv/bin/python" -m pip install --quiet --require-hashes --no-deps -r "$src/requirements.lock"
"$venv/bin/python" -m pip install --quiet --no-deps "$src"
"$venv/bin/python" -m pip check

mkdir -p "$share"
cp -R "$src/adapter/resources/mappings" "$share/mappings"

# smoke test: the console script exists and the API imports
"$venv/bin/egov-adapter" --help >/dev/null
"$venv/bin/python" -c "import adapter.api, adapter.cli.serve, uvicorn"
echo "installed egov-adapter into $venv (mappings in $share/mappings)"
