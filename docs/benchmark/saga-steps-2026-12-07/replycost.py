# What handling a reply costs the orchestrator, from JFR files of profile.sh (40 s at a fixed rate): samples per
# saga handled under the reply handler and, within them, under the saga's load, its save (the flush) and the
# timeline's JSON converter (gone after this change). Usage: python3 replycost.py RATE saga-orchestrator.jfr...
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../message-waits-2026-12-07/profile-20'))
from jfrthreads import samples

PARTS = {
    'reply handler': 'OrderSagaService.onReply',
    'load (findById)': 'Sagas.findById',
    'save (flush)': 'Sagas.save',
    'timeline JSON': 'JsonColumns$TimelineColumn',
    'data JSON': 'JsonColumns$SagaDataColumn',
    'outbox send': 'Outbox.send',
}
rate = float(sys.argv[1])
for f in sys.argv[2:]:
    stacks = [frames for thread, frames in samples(f)]
    sagas = rate * 40
    counts = {name: sum(1 for frames in stacks if any(frame in m for m in frames)) for name, frame in PARTS.items()}
    print('%s: %d samples in all (%.2f per saga)' % (f, len(stacks), len(stacks) / sagas))
    for name, count in counts.items():
        print('  %-16s %5d samples  %5.2f per saga  %5.1f%% of the orchestrator' % (
            name, count, count / sagas, 100 * count / len(stacks)))
