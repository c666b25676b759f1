#!/usr/bin/env bash
# Runs every ShareKey test. Installs the real services the tests talk to (Debian's mosquitto
# broker and clients) when they are missing; with CI=true a dependency that cannot be had is a
# failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian puts the broker in /usr/sbin, which a non-login shell may not have on PATH.
export PATH="$PATH:/usr/sbin:/sbin"

missing_debs=()
command -v mosquitto     >/dev/null 2>&1 || missing_debs+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing_debs+=(mosquitto-clients)

if ((${#missing_debs[@]})); then
  echo "test.sh: installing ${missing_debs[*]} (needed by the MQTT tests)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if ! { "${sudo_cmd[@]}" apt-get update -qq && \
         DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null; }; then
    echo "test.sh: could not install ${missing_debs[*]}; the MQTT tests need them." >&2
    exit 1
  fi
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
