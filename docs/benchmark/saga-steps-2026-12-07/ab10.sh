#!/bin/bash
# The build before the saga's steps became rows against this one, alternated, at a fixed 10/s with Debezium (the
# machine is not saturated there, so per-saga CPU is the code's, not the queueing's), each with its own
# run-benchmark and the services' threads read beside each (svcthreads.sh).
# The old build comes from a clone of its own: git clone -q <this repository> /root/sagaref && git -C /root/sagaref checkout -q 1c5e77d (the code of 253ba9c)
# Usage: ab10.sh OUT LABEL=CHECKOUT...   (this report: ab10.sh /root/ab10 after=/work/main before=/root/sagaref after=/work/main before=/root/sagaref)
S=/work/main/docs/benchmark/evening-2026-12-07/service-threads-20/svcthreads.sh
OUT=$1; shift; i=0
for run in "$@"; do
  i=$((i+1)); label=${run%%=*}; dir=${run#*=}; O=$OUT/$i-$label; mkdir -p $O
  (cd $dir && ./run-benchmark --mode=fixed --rate=10 --duration=60 --relays=debezium --reject-share=0.1 --idle=20 --warm-up=10:30,10:30 --output=$O/bench > $O/bench.log 2>&1) &
  BP=$!
  bash $S $O/bench.log 40 > $O/threads.txt 2>&1
  wait $BP
done
