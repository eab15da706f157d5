#!/usr/bin/env bash
# Proves the fake LLM servers in Tests/Fakes speak the real wire formats: the official Python SDKs
# (openai, anthropic, google-genai) parse a streamed tool-call turn from them.
# The SDKs live in a virtualenv outside the repository, created only when missing
# (SDK_VENV, default ${TMPDIR:-/tmp}/sdk-venv). When PyPI cannot be reached the check is skipped
# with a message, since the Swift tests do not depend on it.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${SDK_VENV:-${TMPDIR:-/tmp}/sdk-venv}"
PACKAGES=(openai anthropic google-genai)

have_sdks() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import openai, anthropic, google.genai' 2>/dev/null
}

if ! have_sdks; then
    echo "check-fake-providers: installing ${PACKAGES[*]} into $VENV"
    python3 -m venv "$VENV"
    if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check --timeout 30 "${PACKAGES[@]}"; then
        echo "check-fake-providers: SKIPPED — pip could not install ${PACKAGES[*]} from PyPI (offline?)."
        exit 0
    fi
fi

"$VENV/bin/python" Tests/Fakes/check_sdks.py
