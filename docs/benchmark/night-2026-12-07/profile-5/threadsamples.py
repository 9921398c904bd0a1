# Execution samples per service and thread over each directory's JFR files (jfrthreads.py's summary, summed over the
# five services of a run). Usage: python3 threadsamples.py DIR...
import os, sys, collections
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../message-waits-2026-12-07/profile-20'))
from jfrthreads import samples, norm

for d in sys.argv[1:]:
    c=collections.Counter(); n=0
    for f in sorted(os.listdir(d)):
        if not f.endswith('.jfr'): continue
        for t,fr in samples(os.path.join(d,f)):
            c[f.split('-')[0]+':'+norm(t)]+=1; n+=1
    print('==',d,n)
    for t,k in c.most_common(30): print('  %5d %s'%(k,t))
