#!/bin/sh
# certbot renews certificates on disk, but nginx reads them only when it (re)loads its
# configuration: reload on a timer so a renewed certificate is served within a day.
set -eu
every="${NGINX_RELOAD_EVERY_S:-43200}"
(
    while :; do
        sleep "$every"
        nginx -s reload || true
    done
) &
