#!/bin/bash
# The relay path in a threads.txt of svcthreads.sh: the relay's own threads (Debezium's streaming thread and helpers,
# its engine's two pools and offset store; or the polling relay's thread) and the Kafka producers' network threads,
# in % of one core. Usage: relaypath.sh RUN_DIR...
for d in "$@"; do
  tail -n +3 "$d/threads.txt" | awk -v d="$d" '{t = $1 + $3; total += t; split($5, a, ":"); n = a[2]
    if (n ~ /^debezium|^pool-4-thread|^pool-5-thread|^JdbcOffsetBacki|^outbox-relay-po/) own += t
    if (n ~ /^kafka-producer/) producers += t}
    END {printf "%s: services %.1f, relay threads %.1f, producers %.1f, relay path %.1f\n", d, total, own, producers, own + producers}'
done
