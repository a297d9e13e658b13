#!/usr/bin/env bash
# Peak memory of a fill (issue 20: at most 200 MB at 10^8 rows): synth_fill of ROWS rows (10^8)
# into the write-path benchmark's orders table (scripts/bench-write-path.sh makes it), with
# synthdata.parallel = PARALLEL (1), while /proc is read every second for the backend and its
# parallel workers. Prints, per process, the peak of its private memory (RssAnon: what the
# process allocated itself) and its peak resident size (VmHWM, which also counts the pages of
# shared_buffers it touched).
#   SKIP_INSTALL=1 ROWS=100000000 scripts/bench-memory.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROWS=${ROWS:-100000000}
PARALLEL=${PARALLEL:-1}
ROWS=0 PARALLEL_ROWS=0 REPEAT=0 "$REPO/scripts/bench-write-path.sh" >/dev/null
db=synthdata_bench_write
psql_q -d "$db" -c "TRUNCATE orders" -c "CHECKPOINT" >/dev/null
shared_buffers=$("$PG_BIN/psql" -X -At -d "$db" -c "SHOW shared_buffers")

SECONDS=0
PGAPPNAME=synth_memory "$PG_BIN/psql" -X -q -At -d "$db" -v ON_ERROR_STOP=1 \
  -c "SET synthdata.progress_interval = 0" -c "SET synthdata.parallel = $PARALLEL" \
  -c "SELECT synth_fill('orders', $ROWS, seed => 1)" >/tmp/synth-memory.out 2>&1 &
client=$!

declare -A anon hwm kind
while kill -0 "$client" 2>/dev/null; do
  while IFS='|' read -r pid type; do
    [ -r "/proc/$pid/status" ] || continue
    a=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    h=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$a" ] || continue
    kind[$pid]=$type
    [ "${anon[$pid]:-0}" -ge "$a" ] || anon[$pid]=$a
    [ "${hwm[$pid]:-0}" -ge "${h:-0}" ] || hwm[$pid]=$h
  done < <("$PG_BIN/psql" -X -At -d "$db" -c \
    "SELECT pid, backend_type FROM pg_stat_activity WHERE application_name = 'synth_memory' OR leader_pid IN (SELECT pid FROM pg_stat_activity WHERE application_name = 'synth_memory')" 2>/dev/null || true)
  sleep 1
done
wait "$client" || { cat /tmp/synth-memory.out; exit 1; }
elapsed=$SECONDS
echo "synth_fill('orders', $ROWS) with synthdata.parallel = $PARALLEL: $(tail -1 /tmp/synth-memory.out) rows in ${elapsed} s (shared_buffers $shared_buffers)"
for pid in "${!anon[@]}"; do
  printf "  %-16s pid %-7s peak private memory %5d MB, peak resident %5d MB\n" \
    "${kind[$pid]}" "$pid" $((anon[$pid] / 1024)) $((hwm[$pid] / 1024))
done
