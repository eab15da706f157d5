# Sourced by scripts that need Python packages (throwaway-server.sh, with-s3.sh):
#
#   python_venv DIR MODULES PACKAGES...   creates the virtualenv DIR (outside the repository) unless
#                                         `import MODULES` (comma list) already works there, installs
#                                         PACKAGES, and sets PYTHON to its interpreter.
python_venv() {
  local dir="$1" modules="$2"
  shift 2
  if [[ ! -x "$dir/bin/python" ]] || ! "$dir/bin/python" -c "import $modules" 2>/dev/null; then
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check --timeout 60 "$@"
  fi
  PYTHON="$dir/bin/python"
}
