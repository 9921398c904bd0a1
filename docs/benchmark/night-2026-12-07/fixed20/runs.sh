#!/bin/bash
cd /work/main
S=docs/benchmark/evening-2026-12-07/service-threads-20/svcthreads.sh
i=0
for r in debezium polling polling debezium; do
  i=$((i+1)); O=/root/night/f20-$i-$r; mkdir -p $O
  ./run-benchmark --mode=fixed --rate=20 --duration=60 --relays=$r --reject-share=0.1 --idle=0 --warm-up=10:30,15:30 --output=$O/bench > $O/bench.log 2>&1 &
  BP=$!
  bash $S $O/bench.log 40 > $O/threads.txt 2>&1
  wait $BP
done
O=/root/night/steady5; mkdir -p $O
./run-benchmark --mode=fixed --rate=5 --duration=60 --relays=polling,debezium --reject-share=0.1 --idle=30 --output=$O/bench > $O/bench.log 2>&1
echo done > /root/night/DONE
