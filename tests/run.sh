#!/usr/bin/env bash
# The project's test command: installs everything the tests need on a fresh machine (the
# package with its test extra at the versions CI tested, tests/constraints.txt, and
# LibreOffice from bookworm-backports when missing), then runs the whole suite. Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --constraint tests/constraints.txt -e '.[test]'
bash tests/install-libreoffice.sh
exec python3 -m pytest "$@"
