#!/usr/bin/env bash
# Render deploy/'s templates (nginx site, systemd units) for this server and install them under $DEST (default /).
# Starts nothing: README, section "Drift", has the systemctl and nginx commands that follow.
#
#   SERVER_NAME=portfolio.example deploy/install.sh
#
# Settings (environment; defaults in brackets):
#   SERVER_NAME   the site's host name (required)
#   APP_DIR       the checkout with its .venv [this script's repository]
#   APP_USER      the system user the app runs as [portfolio]
#   APP_PORTS     the app processes' loopback ports [8501 8502]
#   HTTP_LISTEN / HTTPS_LISTEN   nginx listen addresses [80 / 443]
#   TLS_CERT / TLS_KEY           certificate chain and key [/etc/letsencrypt/live/$SERVER_NAME/{fullchain,privkey}.pem]
#   LOG_DIR       nginx logs of the site [/var/log/nginx]
#   ENV_FILE      the app's settings [/etc/portfolio/portfolio.env]
#   BACKUP_DIR    nightly backups [/var/backups/portfolio]
#   FEED_USER     the account `portfolio pull-feed` acts as [feed]
#   DEST          install under this root instead of / (a test, or a package build) [/]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SERVER_NAME:?set SERVER_NAME to the host name of the site, e.g. SERVER_NAME=portfolio.example}"
APP_DIR="${APP_DIR:-$(dirname "$here")}"
APP_USER="${APP_USER:-portfolio}"
APP_PORTS="${APP_PORTS:-8501 8502}"
HTTP_LISTEN="${HTTP_LISTEN:-80}"
HTTPS_LISTEN="${HTTPS_LISTEN:-443}"
TLS_CERT="${TLS_CERT:-/etc/letsencrypt/live/$SERVER_NAME/fullchain.pem}"
TLS_KEY="${TLS_KEY:-/etc/letsencrypt/live/$SERVER_NAME/privkey.pem}"
LOG_DIR="${LOG_DIR:-/var/log/nginx}"
ENV_FILE="${ENV_FILE:-/etc/portfolio/portfolio.env}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/portfolio}"
FEED_USER="${FEED_USER:-feed}"
DEST="${DEST:-/}"

python="$APP_DIR/.venv/bin/python"
if [ ! -x "$python" ]; then
  echo "install.sh: $python is missing: run 'make install' in $APP_DIR first." >&2
  exit 1
fi
STATIC_ROOT="$("$python" -c 'import os, streamlit; print(os.path.join(os.path.dirname(streamlit.__file__), "static"))')"

https_port="${HTTPS_LISTEN##*:}"
if [ "$https_port" = "443" ]; then https_suffix=""; else https_suffix=":$https_port"; fi
upstreams=""
for port in $APP_PORTS; do
  upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
done
upstreams="${upstreams%?}"  # without the last newline

render() {  # template -> target, every @NAME@ filled in
  "$python" "$here/render.py" "$1" "$2" SERVER_NAME="$SERVER_NAME" APP_DIR="$APP_DIR" USER="$APP_USER" \
    HTTP_LISTEN="$HTTP_LISTEN" HTTPS_LISTEN="$HTTPS_LISTEN" HTTPS_PORT_SUFFIX="$https_suffix" TLS_CERT="$TLS_CERT" \
    TLS_KEY="$TLS_KEY" LOG_DIR="$LOG_DIR" ENV_FILE="$ENV_FILE" BACKUP_DIR="$BACKUP_DIR" FEED_USER="$FEED_USER" \
    STATIC_ROOT="$STATIC_ROOT" UPSTREAM_SERVERS="$upstreams"
  echo "  $2"
}

echo "Installing under $DEST:"
render "$here/nginx/portfolio.conf.in" "$DEST/etc/nginx/sites-available/portfolio.conf"
mkdir -p "$DEST/etc/nginx/sites-enabled"
ln -sfn ../sites-available/portfolio.conf "$DEST/etc/nginx/sites-enabled/portfolio.conf"
for unit in portfolio@.service portfolio-pull-feed.service portfolio-pull-feed.timer \
            portfolio-backup.service portfolio-backup.timer; do
  render "$here/systemd/$unit.in" "$DEST/etc/systemd/system/$unit"
done
units=""
for port in $APP_PORTS; do units+="portfolio@$port "; done
echo "Next (as root): nginx -t && systemctl daemon-reload && systemctl enable --now ${units}portfolio-pull-feed.timer portfolio-backup.timer && systemctl reload nginx"
