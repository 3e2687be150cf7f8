#!/bin/sh
# For tests/tours/first_run.txt: a head-office server on port ${PORT:-8804} with
# station WHB-05 waiting for its PC (one-time code TOUR-CODE-2345, fixed for the
# tour), a simulated network receipt printer on port PORT+1, and the station
# window on an EMPTY data folder, so it opens the first-run set-up.
# Run from the worktree root:
#   /work/shared/tools/ui-tour tests/tours/first_run.txt --size 1366x768 \
#       --out /tmp/first-run-tour -- sh tests/tours/first_run.sh
set -eu
PORT=${PORT:-8804}
DIR=$(mktemp -d /tmp/counterapp-first-run-XXXXXX)
PY=.venv/bin/python
$PY - "$DIR" <<'PYEOF'
import sys
from counterapp.server.app import create_app
from counterapp.server import stations
from counterapp.server.reference import publish_file
from counterapp.services.reference import DEMO_CATALOGUE

app = create_app(f"sqlite:///{sys.argv[1]}/server.sqlite3")
publish_file(app.state.sessions[1], DEMO_CATALOGUE.read_text(encoding="utf-8"))
stations._new_code = lambda: "TOUR-CODE-2345"  # a code the tour can type
stations.add_station(app.state.sessions[1], "WHB-05", "WHB", "Counter 5")
app.state.engine.dispose()
PYEOF
.venv/bin/counterapp --data-dir "$DIR/server-logs" server --port "$PORT" \
    --database-url "sqlite:///$DIR/server.sqlite3" &
SERVER=$!
.venv/bin/counterapp devices simulate --tcp $((PORT + 1)) </dev/null &
PRINTER=$!
trap 'kill $SERVER $PRINTER 2>/dev/null' EXIT INT TERM
sleep 3
.venv/bin/counterapp --data-dir "$DIR/station" station
