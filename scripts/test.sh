#!/usr/bin/env bash
# Runs every ShareKey test. Installs the real services the tests talk to (Debian's mosquitto
# broker and clients, PostgreSQL) when they are missing; with CI=true a dependency that cannot be
# had is a failure, never a skip. The storage tests get a throwaway PostgreSQL cluster, stopped on
# exit, unless SHAREKEY_TEST_POSTGRES already names a server.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian puts the broker in /usr/sbin, which a non-login shell may not have on PATH.
export PATH="$PATH:/usr/sbin:/sbin"

missing_debs=()
command -v mosquitto     >/dev/null 2>&1 || missing_debs+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing_debs+=(mosquitto-clients)
pg_bin() { find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' -printf '%h\n' 2>/dev/null | sort -V | tail -n 1; }
if [ -z "${SHAREKEY_TEST_POSTGRES:-}" ] && [ -z "$(pg_bin)" ]; then
  missing_debs+=(postgresql)
fi
# The parking map tests render SVG in Debian's headless Chromium and check the picture's pixels.
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
# The API document test lints /openapi/v1.json with @redocly/cli, which npm installs.
command -v npm           >/dev/null 2>&1 || missing_debs+=(npm)

if ((${#missing_debs[@]})); then
  echo "test.sh: installing ${missing_debs[*]} (needed by the MQTT, storage, map and API document tests)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if ! { "${sudo_cmd[@]}" apt-get update -qq && \
         DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null; }; then
    echo "test.sh: could not install ${missing_debs[*]}; the MQTT, storage, map and API document tests need them." >&2
    exit 1
  fi
fi

if [ -z "${SHAREKEY_TEST_POSTGRES:-}" ]; then
  # A private cluster on a free port: no system cluster (5432 or any other) is touched, and a
  # second run, even beside a first one, gets a directory and port of its own.
  pg_dir="$(pg_bin)"
  pg_root="$(mktemp -d "${TMPDIR:-/tmp}/sharekey-pg.XXXXXX")"
  chmod 755 "$pg_root"
  pg_as=()
  # initdb and postgres refuse to run as root; CI runs as root, so they run as Debian's postgres user.
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pg_root"
    pg_as=(runuser -u postgres --)
  fi
  pg_stop() {
    "${pg_as[@]}" "$pg_dir/pg_ctl" -D "$pg_root/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_root"
  }
  trap pg_stop EXIT
  trap 'exit 130' INT TERM
  pg_password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  "${pg_as[@]}" sh -c 'umask 077; printf "%s\n" "$1" > "$2"' sh "$pg_password" "$pg_root/password"
  if ! "${pg_as[@]}" "$pg_dir/initdb" -D "$pg_root/data" -U postgres --pwfile="$pg_root/password" \
         --auth-local=trust --auth-host=scram-sha-256 --no-locale -E UTF8 >"$pg_root/initdb.log" 2>&1; then
    cat "$pg_root/initdb.log" >&2
    echo "test.sh: initdb failed; the storage tests need PostgreSQL." >&2
    exit 1
  fi
  pg_port=""
  for port in $(seq 55432 55531); do
    # Something answers on this port already: try the next.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    # The data is thrown away after the run, so durability settings only cost time here.
    if "${pg_as[@]}" "$pg_dir/pg_ctl" -D "$pg_root/data" -l "$pg_root/server.log" -w -t 60 -o \
         "-c listen_addresses=127.0.0.1 -p $port -k $pg_root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
         start >/dev/null; then
      pg_port="$port"
      break
    fi
  done
  if [ -z "$pg_port" ]; then
    cat "$pg_root/server.log" >&2 2>/dev/null || true
    echo "test.sh: could not start PostgreSQL on any port from 55432 to 55531." >&2
    exit 1
  fi
  export SHAREKEY_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=postgres"
  echo "test.sh: PostgreSQL $("$pg_dir/postgres" --version | awk '{print $3}') for the storage tests on 127.0.0.1:$pg_port"
fi

if ! bash scripts/redocly-lint.sh --install; then
  echo "test.sh: could not install @redocly/cli; the API document test needs it." >&2
  exit 1
fi

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test ShareKey.slnx -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line over every test project, in the plain 'N passed, N failed' form.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${s:-0}))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
