#!/usr/bin/env bash
# Once, after `docker compose up -d` and once DNS for SERVER_NAME points at this box: replace the
# placeholder certificate with a real one from Let's Encrypt (HTTP-01 through nginx's webroot).
#   deploy/certbot/init-letsencrypt.sh            # real certificate
#   STAGING=1 deploy/certbot/init-letsencrypt.sh  # Let's Encrypt's staging CA, for a dry run
set -euo pipefail
cd "$(dirname "$0")/../.."
env_value() { sed -n "s/^$1=//p" .env | tail -n 1; }
domain=$(env_value SERVER_NAME)
email=$(env_value LETSENCRYPT_EMAIL)
[ -n "$domain" ] || { echo "set SERVER_NAME in .env" >&2; exit 1; }
[ -n "$email" ] || { echo "set LETSENCRYPT_EMAIL in .env" >&2; exit 1; }
staging=()
[ "${STAGING:-0}" = 1 ] && staging=(--staging)

# certbot will not write into a live/ directory it did not create: remove the placeholder first.
docker compose run --rm --no-deps --entrypoint sh certbot -c "
    if [ -e /etc/letsencrypt/live/$domain/PLACEHOLDER ]; then
        rm -rf /etc/letsencrypt/live/$domain /etc/letsencrypt/archive/$domain /etc/letsencrypt/renewal/$domain.conf
    fi"
if ! docker compose run --rm --no-deps --entrypoint certbot certbot certonly \
        --webroot --webroot-path /var/www/certbot -d "$domain" --email "$email" \
        --agree-tos --no-eff-email --non-interactive "${staging[@]}"; then
    echo "certbot failed; putting the placeholder back so nginx still starts" >&2
    docker compose run --rm --no-deps tls-bootstrap
    exit 1
fi
docker compose exec -T nginx nginx -s reload
echo "nginx now serves the Let's Encrypt certificate for $domain"
