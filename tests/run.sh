#!/usr/bin/env bash
# Runs every test of CopilotBot on a fresh machine: installs what the tests drive (Debian's Chromium for
# Web Chat, PostgreSQL for the shared stores, the npm packages of the Agents Playground and the manifest
# schemas), then the whole suite.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Health).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ -z "${COPILOTBOT_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  need_apt+=(postgresql)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing Debian packages (${need_apt[*]}): run as root or install them; the tests that need them will say so." >&2
  fi
fi

# PostgreSQL for the store tests: Debian's server package, the cluster it creates, listening on loopback only, and
# a password role allowed to create the throwaway databases the tests make (and drop). A COPILOTBOT_POSTGRES set by
# the caller (another server) is used as is; without it and without root the PostgreSQL tests are skipped.
if [ -z "${COPILOTBOT_POSTGRES:-}" ]; then
  pg_major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)
  if [ -n "$pg_major" ] && [ "$(id -u)" -eq 0 ]; then
    pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$pg_major main" || pg_createcluster "$pg_major" main >/dev/null
    pg_ctlcluster "$pg_major" main status >/dev/null 2>&1 || pg_ctlcluster "$pg_major" main start
    pg_port=$(pg_lsclusters -h | awk -v v="$pg_major" '$1 == v && $2 == "main" {print $3}')
    runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -q -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'copilot') THEN CREATE ROLE copilot LOGIN CREATEDB PASSWORD 'copilot'; END IF;
      END \$\$;"
    export COPILOTBOT_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=copilot;Password=copilot;Database=copilot_test"
    echo "PostgreSQL $pg_major on 127.0.0.1:$pg_port for the store tests"
  else
    echo "No PostgreSQL (install Debian's postgresql as root, or set COPILOTBOT_POSTGRES): its tests will be skipped." >&2
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

# One closing line for the whole run, summed over both test assemblies.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test CopilotBot.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
sum() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{n += $2} END {print n + 0}'; }
# A failure is repeated at the end, where a truncated CI log still shows it: its name, message and first frames.
if grep -qE '^\s+Failed [A-Za-z]' "$log"; then
  echo "Failed tests:"
  awk '/^[[:space:]]+Failed [A-Za-z]/ { left = 1; frames = 0 }
       left && /Stack Trace:/ { frames = 6 }
       left { print; if (frames > 0 && --frames == 0) left = 0 }' "$log" | cut -c1-300
fi
# A run also fails with every test passed when a fixture's cleanup throws, the test host crashes or a project does not
# build; those lines are repeated too, or the closing line would contradict the exit code without saying why.
outside='Cleanup Failure|\[FATAL ERROR\]|Catastrophic failure|Test Run Aborted|Test host process crashed|: error [A-Z]+[0-9]+:'
if grep -qE "$outside" "$log"; then
  echo "Errors outside the tests:"
  grep -E -A6 "$outside" "$log" | cut -c1-300
fi
echo "$(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
exit "$status"
