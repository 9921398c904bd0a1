#!/bin/bash
# usage: threadcpu.sh BENCHMARK_LOG SECONDS (run beside ./run-benchmark with its output in BENCHMARK_LOG)
LOG=$1; SEC=${2:-30}
while [ $(grep -c "orders/s for" $LOG 2>/dev/null) -lt 3 ]; do sleep 1; done
sleep 5
p=$(pgrep -f 'dev.sagaref.benchmark.Benchmark' | head -1)
snap() { for t in /proc/$p/task/*; do n=$(cat $t/comm 2>/dev/null | sed "s/[-0-9]*$//; s/ /_/g"); s=$(awk '{print $14+$15}' $t/stat 2>/dev/null); echo "$(basename $t) $s $n"; done; }
snap > /tmp/tc1; a=$(awk '{print $14+$15}' /proc/$p/stat); sleep $SEC; snap > /tmp/tc2; b=$(awk '{print $14+$15}' /proc/$p/stat)
echo "benchmark JVM total: $(( (b-a) * 100 / (SEC*100) ))% of a core"
join <(sort /tmp/tc1) <(sort /tmp/tc2) | awk -v sec=$SEC '{d=$4-$2; name=$3; c[name]+=d} END {for (n in c) if (c[n]>0) printf "%6.1f%%  %s\n", c[n]*100/(sec*100), n}' | sort -rn | head -12
