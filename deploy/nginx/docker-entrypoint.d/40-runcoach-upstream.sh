#!/bin/sh
# First boot: nginx needs the live colour's upstream file before deploy/bluegreen.sh has ever run,
# so write blue's (the colour `docker compose up` starts) when there is none. Same format as the script.
set -eu
file="${UPSTREAM_FILE:-/etc/nginx/runcoach/upstream.conf}"
state_dir=$(dirname "$file")
if [ ! -s "$file" ]; then
    mkdir -p "$state_dir"
    {
        echo "# live colour: blue (first boot; deploy/bluegreen.sh rewrites this file)"
        for server in ${BG_SERVERS_BLUE:-app-blue:8000}; do
            echo "server $server ${BG_UPSTREAM_PARAMS:-max_fails=2 fail_timeout=10s};"
        done
    } > "$file"
    [ -s "$state_dir/live" ] || echo blue > "$state_dir/live"
    echo "$0: no upstream file yet; wrote blue's to $file"
fi
