# Inclusive share of one thread's samples per frame, over the given JFR files, and the thread's share of all samples.
# Usage: python3 threadshare.py THREAD FRAME,FRAME,... FILE.jfr...
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../message-waits-2026-12-07/profile-20'))
from jfrthreads import samples

thread, frames, files = sys.argv[1], sys.argv[2].split(','), sys.argv[3:]
everything = [(t, stack) for f in files for t, stack in samples(f)]
stacks = [stack for t, stack in everything if thread in t]
print('samples %d of %d (%.1f%% of all)' % (len(stacks), len(everything), 100 * len(stacks) / len(everything)))
for frame in frames:
    share = sum(1 for stack in stacks if any(frame in m for m in stack)) / len(stacks)
    print(' %5.1f%%  %s' % (100 * share, frame))
