# Share of each JFR file's execution samples whose stack holds a frame matching each of the named costs this
# section removes, and their replacements. Usage: python3 framecount.py FILE.jfr...
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../message-waits-2026-12-07/profile-20'))
from jfrthreads import samples

COSTS = {
    'repository metrics': 'MetricsRepositoryMethodInvocationListener',
    'Instant via Calendar': 'TimestampUtcAsJdbcTimestampJdbcType',
    'Instant via OffsetDateTime': 'TimestampWithTimeZoneJdbcType',
    'Debezium parses timestamptz': 'timestampWithTimeZoneToOffsetDateTime',
}

for f in sys.argv[1:]:
    stacks = [frames for thread, frames in samples(f)]
    shares = ['%s %4.1f%%' % (name, 100 * sum(1 for frames in stacks if any(frame in m for m in frames)) / len(stacks))
              for name, frame in COSTS.items()]
    print('%-22s %5d samples  %s' % (os.path.basename(f), len(stacks), '  '.join(shares)))
