#!/bin/bash
# Runs a fixed-rate benchmark of one relay and records 40 s of JFR on the five services 20 s into the measured
# minute. Summaries: python3 jfrthreads.py OUTDIR/*.jfr; python3 jfrincl.py OUTDIR/saga-orchestrator.jfr "#1-0-C"
# (JFR from Temurin 25 under /usr/lib/jvm; set JCMD and JFR paths where it lives elsewhere).
# usage: profile.sh RELAY OUTDIR [RATE]
RELAY=$1; OUT=$2; RATE=${3:-20}
JCMD=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd
mkdir -p $OUT
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
./run-benchmark --mode=fixed --rate=$RATE --duration=90 --relays=$RELAY --reject-share=0.1 --idle=0 --output=$OUT/bench > $OUT/bench.log 2>&1 &
BP=$!
while [ $(grep -c "orders/s for" $OUT/bench.log 2>/dev/null) -lt 3 ]; do sleep 1; done
sleep 20
for m in order-service payment-service inventory-service shipping-service saga-orchestrator; do
  pid=$(pgrep -f "$m.*\.jar" | head -1)
  $JCMD $pid JFR.start settings=profile duration=40s filename=$OUT/$m.jfr > /dev/null
done
wait $BP
