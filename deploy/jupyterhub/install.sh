#!/usr/bin/env bash
# One command for a fresh Debian or Ubuntu server: install the kit for everyone in
# /opt/medlab-teach, then set up a course on JupyterHub. Run from the kit's checkout, as root:
#
#   sudo deploy/jupyterhub/install.sh --course medlab-teach --students students.csv \
#        --instructor lucia [--admin lucia] [--authenticator pam] [--python /usr/bin/python3.12]
#
# Every option is `medlab-teach hub setup`'s (see docs/jupyterhub.md). Running it again with
# another course adds that course; with the same course, it updates its roster.
set -euo pipefail
if [ "$(id -u)" != "0" ]; then
  echo "install.sh creates accounts and system folders: run it with sudo" >&2
  exit 2
fi
KIT_SOURCE="$(cd "$(dirname "$0")/../.." && pwd)"
PREFIX=/opt/medlab-teach
PYTHON=python3
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--python" ] && [ $((i + 1)) -lt ${#args[@]} ]; then
    PYTHON="${args[$((i + 1))]}"
  fi
done

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-venv git rsync >/dev/null

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))'; then
  echo "$PYTHON is $("$PYTHON" -V 2>&1); the kit's pinned packages need Python 3.11.5 or newer" \
       "(Debian 13, Ubuntu 24.04). Give one with --python /path/to/python3.12." >&2
  exit 2
fi

mkdir -p "$PREFIX"
rsync -a --delete --exclude .venv --exclude .git --exclude test-artifacts \
  --exclude exchange --exclude gradebook.db "$KIT_SOURCE/" "$PREFIX/kit/"
if [ ! -x "$PREFIX/venv/bin/python" ]; then
  "$PYTHON" -m venv "$PREFIX/venv"
fi
"$PREFIX/venv/bin/pip" install -q --upgrade pip
"$PREFIX/venv/bin/pip" install -q -c "$PREFIX/kit/constraints.txt" -e "$PREFIX/kit[hub]"
exec "$PREFIX/venv/bin/medlab-teach" hub setup --kit "$PREFIX/kit" "$@"
