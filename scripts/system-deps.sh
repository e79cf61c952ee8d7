#!/usr/bin/env bash
# Debian packages the project needs, installed only when missing:
#   scripts/system-deps.sh            python3 with venv (to run the service)
#   scripts/system-deps.sh --test     plus PostgreSQL and Chromium (to run the tests)
set -euo pipefail
need=()
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)  # Cyrillic in PDFs
if [ "${1:-}" = "--test" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -f /usr/lib/chromium/locales/ru.pak ] || need+=(chromium-l10n)  # Russian dates in date inputs
fi
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
echo "installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
