# Inclusive share of the frames under a target frame in JFR files: python3 under.py TARGET TOP FILE.jfr...
import collections, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../message-waits-2026-12-07/profile-20'))
from jfrthreads import samples
target = sys.argv[1]; top = int(sys.argv[2])
for f in sys.argv[3:]:
    n = 0; c = collections.Counter()
    for t, frames in samples(f):
        idx = [i for i, m in enumerate(frames) if target in m]
        if not idx: continue
        n += 1
        for m in set(frames[:max(idx)]): c[m] += 1
    print('==', f, n, 'samples under', target)
    for m, k in c.most_common(top):
        print('  %5.1f%% %4d %s' % (100 * k / n, k, m[-110:]))
