#!/bin/bash
# Fixed 20/s runs, one relay per run, with the services' threads read beside each (svcthreads.sh).
# Usage: runs.sh FIRST_RUN_NUMBER RELAY...   (the night: runs.sh 1 debezium polling polling debezium, then
# runs.sh 5 polling debezium debezium polling after CI)
cd /work/main
S=docs/benchmark/evening-2026-12-07/service-threads-20/svcthreads.sh
i=$(($1 - 1)); shift
for r in "$@"; do
  i=$((i+1)); O=/root/night/f20-$i-$r; mkdir -p $O
  ./run-benchmark --mode=fixed --rate=20 --duration=60 --relays=$r --reject-share=0.1 --idle=0 --warm-up=10:30,15:30 --output=$O/bench > $O/bench.log 2>&1 &
  BP=$!
  bash $S $O/bench.log 40 > $O/threads.txt 2>&1
  wait $BP
done
