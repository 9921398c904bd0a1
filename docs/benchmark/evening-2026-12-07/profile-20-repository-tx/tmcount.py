# Share of each JFR file's execution samples in which Spring looks up the transaction manager, and in which it
# searches the target class for a @Qualifier while doing so. Usage: python3 tmcount.py FILE.jfr...
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../message-waits-2026-12-07/profile-20'))
from jfrthreads import samples

for f in sys.argv[1:]:
    stacks = [frames for thread, frames in samples(f)]
    lookup = sum(1 for frames in stacks if any('determineTransactionManager' in m for m in frames))
    search = sum(1 for frames in stacks if any('getQualifierValue' in m for m in frames))
    print('%-22s samples %5d  determineTransactionManager %4.1f%%  of it the @Qualifier search %4.1f%%'
          % (os.path.basename(f), len(stacks), 100 * lookup / len(stacks), 100 * search / len(stacks)))
