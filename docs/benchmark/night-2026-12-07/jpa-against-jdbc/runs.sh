#!/bin/bash
# The build before JPA against this one, alternated, at a fixed 5/s with polling; each with its own run-benchmark.
# The old build comes from a clone of its own:
#   git clone -q <this repository> /root/prejpa && git -C /root/prejpa checkout -q 068388f
run() { (cd $1 && ./run-benchmark --mode=fixed --rate=5 --duration=60 --relays=polling --reject-share=0.1 --idle=30 --output=$2 > $2.log 2>&1); }
run /root/prejpa /root/night/jpa-before-1
run /work/main /root/night/jpa-after-2
run /root/prejpa /root/night/jpa-before-3
run /work/main /root/night/jpa-after-4
