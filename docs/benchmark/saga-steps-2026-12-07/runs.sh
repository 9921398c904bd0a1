#!/bin/bash
# Fixed 20/s runs, one relay per run, with the services' threads read beside each (svcthreads.sh), as the night's
# fixed20/runs.sh, writing under OUT. Usage: runs.sh OUT FIRST_RUN_NUMBER RELAY...
# (saga steps as rows: runs.sh /root/steps 1 debezium polling polling debezium)
cd "$(dirname "$0")/../../.."
S=docs/benchmark/evening-2026-12-07/service-threads-20/svcthreads.sh
OUT=$1; i=$(($2 - 1)); shift 2
for r in "$@"; do
  i=$((i+1)); O=$OUT/f20-$i-$r; mkdir -p $O
  ./run-benchmark --mode=fixed --rate=20 --duration=60 --relays=$r --reject-share=0.1 --idle=0 --warm-up=10:30,15:30 --output=$O/bench > $O/bench.log 2>&1 &
  BP=$!
  bash $S $O/bench.log 40 > $O/threads.txt 2>&1
  wait $BP
done
