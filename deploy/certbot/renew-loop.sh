#!/bin/sh
# Renew twice a day (certbot acts only within 30 days of expiry); nginx reloads on its own timer.
set -u
trap 'exit 0' TERM INT
while :; do
    certbot renew --webroot --webroot-path /var/www/certbot --quiet || echo "certbot renew failed" >&2
    sleep 12h &
    wait $!
done
