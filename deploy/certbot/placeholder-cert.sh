#!/bin/sh
# First boot: nginx will not start without a certificate, and certbot's HTTP-01 challenge needs
# nginx running. Break the circle with a self-signed placeholder that init-letsencrypt.sh replaces.
set -eu
live="/etc/letsencrypt/live/${SERVER_NAME:?SERVER_NAME is not set}"
if [ -s "$live/fullchain.pem" ]; then
    echo "certificate for $SERVER_NAME present"
    exit 0
fi
mkdir -p "$live"
openssl req -x509 -nodes -newkey rsa:2048 -days 7 -subj "/CN=$SERVER_NAME" \
    -keyout "$live/privkey.pem" -out "$live/fullchain.pem"
touch "$live/PLACEHOLDER"
echo "wrote a self-signed placeholder certificate for $SERVER_NAME; run deploy/certbot/init-letsencrypt.sh"
