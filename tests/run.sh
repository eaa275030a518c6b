#!/usr/bin/env bash
# Runs every test of CopilotBot on a fresh machine: installs what the tests drive (Debian's Chromium for
# Web Chat, the npm packages of the Agents Playground and the manifest schemas), then the whole suite.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Health).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing Debian packages (${need_apt[*]}): run as root or install them; the tests that need them will say so." >&2
  fi
fi

# Every npm folder of the repository is installed exactly as locked.
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules" ]; then
    echo "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done < <(find src tests -name package-lock.json -not -path '*/node_modules/*' | sort)

exec dotnet test CopilotBot.sln --logger "console;verbosity=normal" "$@"
