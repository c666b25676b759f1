#!/usr/bin/env bash
# Installs `sharekey` (service, operator CLI, phone client) and `sharekey-sim` (simulated cars) as
# .NET tools built from this checkout, so a command answers without `dotnet run` building first.
# Offline: the packages come from a folder; nothing is fetched but what the build itself restores.
#
#   bash scripts/install-cli.sh                    # global tools: ~/.dotnet/tools
#   bash scripts/install-cli.sh --tool-path DIR    # into DIR instead (put DIR on PATH)
#   options: --configuration C (default Release), --no-build (pack what is built already)
set -euo pipefail
cd "$(dirname "$0")/.."

where=(--global)
configuration=Release
pack_options=()
while (($#)); do
  case "$1" in
    --tool-path) where=(--tool-path "${2:?--tool-path needs a folder}"); shift 2 ;;
    --configuration|-c) configuration="${2:?--configuration needs a value}"; shift 2 ;;
    --no-build) pack_options+=(--no-build); shift ;;
    *) echo "install-cli.sh: unknown option $1 (see the comment at the top of this script)" >&2; exit 1 ;;
  esac
done

# The packages only travel to `dotnet tool install`, which keeps its own copy.
packages="$(mktemp -d "${TMPDIR:-/tmp}/sharekey-tools.XXXXXX")"
trap 'rm -rf "$packages"' EXIT
for project in cloud/KeyService firmware/Simulator; do
  dotnet pack "$project" -c "$configuration" -o "$packages" --nologo -v quiet "${pack_options[@]}"
done

for tool in sharekey sharekey-sim; do
  # Same version as last time: uninstall first, so the fresh build is the one installed.
  dotnet tool uninstall "${where[@]}" "$tool" >/dev/null 2>&1 || true
  dotnet tool install "${where[@]}" --add-source "$packages" --ignore-failed-sources "$tool" >/dev/null
  echo "install-cli.sh: installed $tool"
done

if [ "${where[0]}" = --global ]; then
  tools="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
  case ":$PATH:" in
    *":$tools:"*) ;;
    *) echo "install-cli.sh: add $tools to PATH:  export PATH=\"\$PATH:$tools\"" ;;
  esac
fi
