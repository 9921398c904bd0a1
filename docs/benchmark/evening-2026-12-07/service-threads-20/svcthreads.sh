#!/bin/bash
# usage: svcthreads.sh BENCH_LOG SECONDS -- per-thread user/system CPU of the five services during the measured minute
# Output: the window (two times), then per service and thread name the CPU in % of one core over it.
LOG=$1; SEC=${2:-40}
while [ $(grep -c "orders/s for" $LOG 2>/dev/null) -lt 3 ]; do sleep 1; done
sleep 5
PIDS=""; for m in order-service payment-service inventory-service shipping-service saga-orchestrator; do PIDS="$PIDS $m=$(pgrep -f "$m.*\.jar" | head -1)"; done
snap() { for e in $PIDS; do m=${e%%=*}; p=${e#*=}; cat /proc/$p/task/*/stat 2>/dev/null | awk -v m=$m '{i=index($0,"("); j=index($0,") "); name=substr($0,i+1,j-i-1); rest=substr($0,j+2); split(rest,f," "); gsub(/[-0-9]*$/,"",name); gsub(/ /,"_",name); print m"/"$1, f[12], f[13], m":"name}'; done; }
snap > /tmp/st1; date +%T; sleep $SEC; snap > /tmp/st2; date +%T
join <(LC_ALL=C sort /tmp/st1) <(LC_ALL=C sort /tmp/st2) | awk -v sec=$SEC '{u=$5-$2; s=$6-$3; k=$7; U[k]+=u; S[k]+=s} END {for (k in U) if (U[k]+S[k]>0) printf "%6.1f%% user %5.1f%% sys  %s\n", U[k]*100/(sec*100), S[k]*100/(sec*100), k}' | sort -rn
