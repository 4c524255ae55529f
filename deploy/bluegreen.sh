#!/usr/bin/env bash
# Blue/green switch for RunCoach behind nginx: start the idle colour, wait until it is ready,
# migrate, point nginx at it, reload, drain and stop the old colour; roll back on any failure.
#
#   deploy/bluegreen.sh deploy [TAG]         switch to the idle colour (compose: running image TAG)
#   deploy/bluegreen.sh switch COLOUR [TAG]  make COLOUR (blue or green) the live colour
#   deploy/bluegreen.sh rollback             switch back to the idle colour's version, no migrations
#   deploy/bluegreen.sh start COLOUR         start COLOUR and wait for /readyz (nginx untouched)
#   deploy/bluegreen.sh stop COLOUR          stop a colour that is not live
#   deploy/bluegreen.sh init [COLOUR]        write nginx's upstream file for COLOUR (default blue)
#   deploy/bluegreen.sh status               the live colour and its servers
#
# A switch: start the new colour -> wait for /readyz on each of its servers -> run the migrations
# (they must be backward compatible: the old colour keeps serving on the new schema) -> write the
# upstream file -> `nginx -t` and reload -> drain (nginx's old workers finish their requests) ->
# smoke test -> stop the old colour. A failure before the reload stops the new colour and changes
# nothing; a failure after it restores the old upstream file, reloads and stops the new colour.
#
# Two modes share those steps (BG_MODE):
#   compose  (default) colours are the compose services app-blue / app-green, nginx is a container;
#            TAG is written to .env as RUNCOACH_TAG_<COLOUR> (and RUNCOACH_TAG once live).
#   local    colours are processes on this machine started from BG_LOCAL_CMD, one per server, and
#            nginx is a local one driven by BG_NGINX (bare-metal installs, and the tests).
#
# Settings (environment):
#   BG_SERVERS_BLUE, BG_SERVERS_GREEN  space-separated host:port of each colour's backends
#   BG_STATE_DIR        live colour, upstream file, pid and log files (default deploy/state)
#   BG_UPSTREAM_FILE    the file nginx includes inside `upstream runcoach_app` (default in BG_STATE_DIR)
#   BG_UPSTREAM_PARAMS  passive health check per server (default "max_fails=2 fail_timeout=10s")
#   BG_READY_TIMEOUT, BG_STOP_TIMEOUT, BG_DRAIN_TIMEOUT, BG_HOOK_TIMEOUT   seconds (120, 30, 60, 600)
#   BG_DRAIN_SECONDS    extra wait after the reload (compose 10, local 1)
#   BG_MIGRATE          1 to run migrations on a switch (default), 0 not to
#   BG_SMOKE_URL        if set, must answer 2xx through nginx after the switch
#   BG_COMPOSE, BG_ENV_FILE                compose mode: the command ("docker compose") and .env
#   BG_LOCAL_CMD        local mode: runs one backend; BG_HOST, BG_PORT, BG_COLOUR are set
#                       (default: exec runcoach serve --no-worker --host "$BG_HOST" --port "$BG_PORT")
#   BG_NGINX            local mode: the nginx command line, e.g. "nginx -c /etc/nginx/nginx.conf"
#   BG_NGINX_PIDFILE    local mode: nginx's pid file; the drain then waits for the old workers to exit
# Every step is also a command you may replace: BG_START_CMD, BG_STOP_CMD (per colour; BG_COLOUR,
# BG_SERVERS, BG_TAG set), BG_READY_CMD (per server; BG_SERVER, BG_HOST, BG_PORT set),
# BG_MIGRATE_CMD, BG_RELOAD_CMD, BG_DRAIN_CMD, BG_SMOKE_CMD, BG_WORKERS_CMD.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

BG_MODE=${BG_MODE:-compose}
BG_STATE_DIR=${BG_STATE_DIR:-$here/state}
BG_UPSTREAM_FILE=${BG_UPSTREAM_FILE:-$BG_STATE_DIR/upstream.conf}
BG_SERVERS_BLUE=${BG_SERVERS_BLUE:-app-blue:8000}
BG_SERVERS_GREEN=${BG_SERVERS_GREEN:-app-green:8000}
BG_UPSTREAM_PARAMS=${BG_UPSTREAM_PARAMS:-max_fails=2 fail_timeout=10s}
BG_READY_TIMEOUT=${BG_READY_TIMEOUT:-120}
BG_STOP_TIMEOUT=${BG_STOP_TIMEOUT:-30}
BG_DRAIN_TIMEOUT=${BG_DRAIN_TIMEOUT:-60}
BG_HOOK_TIMEOUT=${BG_HOOK_TIMEOUT:-600}
BG_MIGRATE=${BG_MIGRATE:-1}
BG_SMOKE_URL=${BG_SMOKE_URL:-}
BG_COMPOSE=${BG_COMPOSE:-docker compose}
BG_ENV_FILE=${BG_ENV_FILE:-$root/.env}
BG_NGINX=${BG_NGINX:-nginx}
BG_NGINX_PIDFILE=${BG_NGINX_PIDFILE:-}
# shellcheck disable=SC2016  # expanded later, by the shell that runs one backend
BG_LOCAL_CMD=${BG_LOCAL_CMD:-'exec runcoach serve --no-worker --host "$BG_HOST" --port "$BG_PORT"'}
case $BG_MODE in
    compose) BG_DRAIN_SECONDS=${BG_DRAIN_SECONDS:-10} ;;
    local) BG_DRAIN_SECONDS=${BG_DRAIN_SECONDS:-1} ;;
    *) echo "bluegreen: BG_MODE must be compose or local, not '$BG_MODE'" >&2; exit 2 ;;
esac
export BG_MODE BG_STATE_DIR BG_COMPOSE BG_ENV_FILE BG_NGINX BG_READY_TIMEOUT BG_STOP_TIMEOUT

log() { printf '%s bluegreen: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

other() { if [ "$1" = blue ]; then echo green; else echo blue; fi; }
servers_of() { if [ "$1" = blue ]; then echo "$BG_SERVERS_BLUE"; else echo "$BG_SERVERS_GREEN"; fi; }
check_colour() { case ${1:-} in blue|green) ;; *) die "a colour is blue or green, not '${1:-}'" ;; esac; }
live_colour() { if [ -s "$BG_STATE_DIR/live" ]; then tr -d '[:space:]' < "$BG_STATE_DIR/live"; fi; }

# Runs a replaceable step with a deadline; the step sees the BG_* variables exported for it.
hook() {
    local name=$1 cmd=$2
    # 9>&-: the deploy lock stays with this script, not with whatever the step leaves running.
    timeout --kill-after=10 "$BG_HOOK_TIMEOUT" bash -c "$cmd" 9>&- || { log "$name failed"; return 1; }
}

# --- compose .env bookkeeping: the image each colour runs, so `docker compose up -d` stays true ---

env_get() {
    [ -f "$BG_ENV_FILE" ] || return 0
    sed -n "s/^$1=//p" "$BG_ENV_FILE" | tail -n 1
}

env_set() {
    local key=$1 value=$2 tmp
    touch "$BG_ENV_FILE"
    tmp=$(mktemp "$BG_ENV_FILE.XXXXXX")
    grep -v "^$key=" "$BG_ENV_FILE" > "$tmp" || true
    echo "$key=$value" >> "$tmp"
    chmod --reference="$BG_ENV_FILE" "$tmp"
    mv "$tmp" "$BG_ENV_FILE"
}

# --- local mode: one process group per server, with pid and log files in the state dir ---

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { if [ -f "$BG_STATE_DIR/$1.pid" ]; then cat "$BG_STATE_DIR/$1.pid"; fi; }

local_start() {
    local colour=$1 server name
    for server in $(servers_of "$colour"); do
        name="$colour-${server##*:}"
        if pid_alive "$(pid_of "$name")"; then
            log "$name was still running; stopping it first"
            local_stop_one "$name"
        fi
        # setsid: each backend leads its own process group, so a stop reaches its children too;
        # 9>&-: it must not inherit the deploy lock.
        BG_COLOUR=$colour BG_HOST=${server%:*} BG_PORT=${server##*:} \
            setsid bash -c "$BG_LOCAL_CMD" >> "$BG_STATE_DIR/$name.log" 2>&1 < /dev/null 9>&- &
        echo $! > "$BG_STATE_DIR/$name.pid"
        log "started $name (pid $!)"
    done
}

local_stop_one() {
    local name=$1 pid deadline
    pid=$(pid_of "$name")
    if pid_alive "$pid"; then
        # SIGTERM: uvicorn stops accepting, finishes the requests it has, then exits.
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + BG_STOP_TIMEOUT))
        while pid_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
        if pid_alive "$pid"; then
            log "$name ignored SIGTERM for ${BG_STOP_TIMEOUT}s; killing it"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$BG_STATE_DIR/$name.pid"
}

local_stop() {
    local colour=$1 server
    for server in $(servers_of "$colour"); do local_stop_one "$colour-${server##*:}"; done
}

local_ready_one() {
    curl -fsS -m 2 -o /dev/null "http://$BG_SERVER/readyz" 2>/dev/null
}

nginx_workers() {
    [ -n "$BG_NGINX_PIDFILE" ] && [ -s "$BG_NGINX_PIDFILE" ] || return 0
    pgrep -P "$(cat "$BG_NGINX_PIDFILE")" || true
}

# --- the steps ---

start_colour() {
    local colour=$1 tag=${2:-}
    export BG_COLOUR=$colour BG_SERVERS BG_TAG=$tag
    BG_SERVERS=$(servers_of "$colour")
    if [ -n "${BG_START_CMD:-}" ]; then
        hook "start $colour" "$BG_START_CMD"
    elif [ "$BG_MODE" = local ]; then
        local_start "$colour"
    else
        hook "start $colour" "$BG_COMPOSE --profile green up -d --no-deps --force-recreate app-$colour"
    fi
}

stop_colour() {
    local colour=$1
    export BG_COLOUR=$colour BG_SERVERS
    BG_SERVERS=$(servers_of "$colour")
    log "stopping $colour"
    if [ -n "${BG_STOP_CMD:-}" ]; then
        hook "stop $colour" "$BG_STOP_CMD"
    elif [ "$BG_MODE" = local ]; then
        local_stop "$colour"
    else
        hook "stop $colour" "$BG_COMPOSE --profile green stop -t $BG_STOP_TIMEOUT app-$colour"
    fi
}

# Every server of the colour must answer /readyz 200 before the deadline.
wait_ready() {
    local colour=$1 server deadline pid name
    deadline=$((SECONDS + BG_READY_TIMEOUT))
    for server in $(servers_of "$colour"); do
        export BG_SERVER=$server BG_HOST=${server%:*} BG_PORT=${server##*:}
        name="$colour-${server##*:}"
        until ready_one; do
            if [ "$BG_MODE" = local ] && [ -z "${BG_START_CMD:-}" ] && ! pid_alive "$(pid_of "$name")"; then
                log "$name exited before it was ready; its log ends:"
                tail -n 20 "$BG_STATE_DIR/$name.log" >&2 || true
                return 1
            fi
            if [ $SECONDS -ge $deadline ]; then
                log "$server was not ready within ${BG_READY_TIMEOUT}s"
                return 1
            fi
            sleep 0.3
        done
        log "$server is ready"
    done
}

ready_one() {
    if [ -n "${BG_READY_CMD:-}" ]; then
        timeout 10 bash -c "$BG_READY_CMD" >/dev/null 2>&1
    elif [ "$BG_MODE" = local ]; then
        local_ready_one
    else
        timeout 10 bash -c "$BG_COMPOSE exec -T nginx wget -q -O /dev/null -T 2 http://$BG_SERVER/readyz" \
            >/dev/null 2>&1
    fi
}

migrate() {
    [ "$BG_MIGRATE" = 1 ] || { log "migrations skipped (BG_MIGRATE=$BG_MIGRATE)"; return 0; }
    log "running migrations"
    if [ -n "${BG_MIGRATE_CMD:-}" ]; then
        hook migrate "$BG_MIGRATE_CMD"
    elif [ "$BG_MODE" = local ]; then
        hook migrate "runcoach migrate"
    else
        # The new colour's image: its migrations are the ones to apply.
        (
            RUNCOACH_TAG=$(env_get "RUNCOACH_TAG_${BG_COLOUR^^}")
            export RUNCOACH_TAG
            hook migrate "$BG_COMPOSE run --rm --no-deps migrate"
        )
    fi
}

write_upstream() {
    local colour=$1 tmp server
    mkdir -p "$(dirname "$BG_UPSTREAM_FILE")"
    tmp=$(mktemp "$BG_UPSTREAM_FILE.XXXXXX")
    {
        echo "# live colour: $colour (written by deploy/bluegreen.sh at $(date -u +%FT%TZ))"
        for server in $(servers_of "$colour"); do
            echo "server $server $BG_UPSTREAM_PARAMS;"
        done
    } > "$tmp"
    chmod 644 "$tmp"
    mv "$tmp" "$BG_UPSTREAM_FILE"
}

# Reload checks the new configuration first: nginx keeps the old one if the check fails.
OLD_WORKERS=""
reload_nginx() {
    OLD_WORKERS=$(nginx_workers | tr '\n' ' ')
    log "reloading nginx"
    if [ -n "${BG_RELOAD_CMD:-}" ]; then
        hook "nginx reload" "$BG_RELOAD_CMD"
    elif [ "$BG_MODE" = local ]; then
        hook "nginx reload" "$BG_NGINX -t -q && $BG_NGINX -s reload"
    else
        hook "nginx reload" "$BG_COMPOSE exec -T nginx sh -c 'nginx -t -q && nginx -s reload'"
    fi
}

# Once nginx's old workers have exited, every request they held has been answered, and no new
# request can reach the old colour.
drain() {
    local deadline pid
    if [ -n "${BG_DRAIN_CMD:-}" ]; then
        hook drain "$BG_DRAIN_CMD"
        return
    fi
    if [ -n "$OLD_WORKERS" ]; then
        deadline=$((SECONDS + BG_DRAIN_TIMEOUT))
        for pid in $OLD_WORKERS; do
            while pid_alive "$pid"; do
                if [ $SECONDS -ge $deadline ]; then
                    log "nginx worker $pid still busy after ${BG_DRAIN_TIMEOUT}s; going on"
                    break 2
                fi
                sleep 0.1
            done
        done
        log "nginx's old workers have finished"
    fi
    sleep "$BG_DRAIN_SECONDS"
}

smoke() {
    if [ -n "${BG_SMOKE_CMD:-}" ]; then
        hook "smoke test" "$BG_SMOKE_CMD"
    elif [ -n "$BG_SMOKE_URL" ]; then
        curl -fsS -m 10 --retry 2 -o /dev/null "$BG_SMOKE_URL" || { log "smoke test failed"; return 1; }
    fi
}

roll_workers() {
    local tag=$1
    if [ -n "${BG_WORKERS_CMD:-}" ]; then
        hook "workers" "$BG_WORKERS_CMD"
    elif [ "$BG_MODE" = compose ] && [ -n "$tag" ]; then
        # Workers finish their current job on SIGTERM (procrastinate's graceful shutdown).
        hook "workers" "$BG_COMPOSE up -d --no-deps worker"
    fi
}

switch() {
    local new=$1 tag=${2:-} old previous=""
    check_colour "$new"
    old=$(live_colour)
    [ "$new" != "$old" ] || die "$new is already live"
    export BG_TAG=$tag BG_COLOUR=$new
    if [ "$BG_MODE" = compose ] && [ -n "$tag" ]; then
        env_set "RUNCOACH_TAG_${new^^}" "$tag"
    fi
    log "switching ${old:-nothing} -> $new${tag:+ ($tag)}"

    if ! start_colour "$new" "$tag" || ! wait_ready "$new"; then
        stop_colour "$new" || true
        die "$new did not come up; nothing was switched, ${old:-nothing} stays live"
    fi
    if ! migrate; then
        stop_colour "$new" || true
        die "migrations failed; nothing was switched, ${old:-nothing} stays live"
    fi

    [ -f "$BG_UPSTREAM_FILE" ] && previous=$(cat "$BG_UPSTREAM_FILE")
    write_upstream "$new"
    if ! reload_nginx; then
        restore_upstream "$previous"
        reload_nginx || log "nginx did not reload the restored upstream either: check it now"
        stop_colour "$new" || true
        die "nginx refused the switch; ${old:-nothing} stays live"
    fi
    echo "$new" > "$BG_STATE_DIR/live"
    drain
    if ! smoke; then
        log "rolling back to ${old:-nothing}"
        restore_upstream "$previous"
        if [ -n "$old" ]; then echo "$old" > "$BG_STATE_DIR/live"; else rm -f "$BG_STATE_DIR/live"; fi
        reload_nginx || log "nginx did not reload the restored upstream: check it now"
        drain
        stop_colour "$new" || true
        die "the smoke test failed on $new; rolled back to ${old:-nothing}"
    fi

    if [ -n "$old" ]; then stop_colour "$old" || log "$old did not stop cleanly"; fi
    if [ "$BG_MODE" = compose ] && [ -n "$tag" ]; then env_set RUNCOACH_TAG "$tag"; fi
    roll_workers "$tag" || log "workers were not restarted on $tag; do it by hand"
    log "$new is live"
}

restore_upstream() {
    local previous=$1
    if [ -n "$previous" ]; then
        printf '%s\n' "$previous" > "$BG_UPSTREAM_FILE.restore"
        mv "$BG_UPSTREAM_FILE.restore" "$BG_UPSTREAM_FILE"
    fi
}

status() {
    local live colour server name
    live=$(live_colour)
    echo "live: ${live:-none}"
    for colour in blue green; do
        for server in $(servers_of "$colour"); do
            name="$colour-${server##*:}"
            if [ "$BG_MODE" = local ]; then
                if pid_alive "$(pid_of "$name")"; then echo "$colour $server running"
                else echo "$colour $server stopped"; fi
            else
                echo "$colour $server"
            fi
        done
    done
}

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

main() {
    local command=${1:-}
    [ -n "$command" ] || usage
    shift
    mkdir -p "$BG_STATE_DIR"
    case $command in
        status) status; return ;;
        -h|--help|help) usage ;;
    esac
    # One change at a time, whoever starts it.
    exec 9> "$BG_STATE_DIR/.lock"
    flock -n 9 || die "another bluegreen.sh is running (lock $BG_STATE_DIR/.lock)"
    case $command in
        deploy)
            local live; live=$(live_colour)
            switch "$(other "${live:-green}")" "${1:-}" ;;
        switch) switch "${1:-}" "${2:-}" ;;
        rollback)
            local live; live=$(live_colour)
            [ -n "$live" ] || die "nothing is live, so there is nothing to roll back to"
            BG_MIGRATE=0 switch "$(other "$live")" ;;
        start)
            check_colour "${1:-}"
            if ! start_colour "$1" "${2:-}" || ! wait_ready "$1"; then
                stop_colour "$1" || true
                die "$1 did not come up"
            fi ;;
        stop)
            check_colour "${1:-}"
            [ "$1" != "$(live_colour)" ] || die "$1 is live; switch away from it first"
            stop_colour "$1" ;;
        init)
            local colour=${1:-blue}
            check_colour "$colour"
            write_upstream "$colour"
            echo "$colour" > "$BG_STATE_DIR/live"
            log "$colour is live in $BG_UPSTREAM_FILE" ;;
        *) usage ;;
    esac
}

main "$@"
