#!/bin/bash
run() { (cd $1 && ./run-benchmark --mode=fixed --rate=5 --duration=60 --relays=polling --reject-share=0.1 --idle=30 --output=$2 > $2.log 2>&1); }
run /root/prejpa /root/night/jpa-before-1
run /work/main /root/night/jpa-after-2
run /root/prejpa /root/night/jpa-before-3
echo done > /root/night/JPA-DONE
