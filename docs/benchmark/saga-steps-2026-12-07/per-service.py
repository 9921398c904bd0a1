# CPU per saga of each service from run-benchmark result.json files (night-2026-12-07/steady5/cpu-per-saga.py gives
# the services' sum and the stack's from the same fields): the process's CPU during the measured minute
# less its idle CPU (where the run measured idle), divided by the sagas per second.
# Usage: python3 per-service.py result.json...
import json, sys
SERVICES = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'saga-orchestrator']
print('%-60s %-8s %6s  %s' % ('result', 'relay', 'sagas/s', '  '.join('%9s' % s.split('-')[0][:9] for s in SERVICES)) + '  (ms of CPU per saga)')
for f in sys.argv[1:]:
    d = json.load(open(f))
    idle = {i['relay']: i['cpuPercentOfOneCore'] for i in d.get('idle', [])}
    for r in d['runs']:
        cpu = {k: v['cpuPercentOfOneCore'] for k, v in r['processes'].items()}
        i = idle.get(r['relay'], {})
        rate = r['throughputPerSecond']
        print('%-60s %-8s %6.1f  %s' % (f[-60:], r['relay'], rate,
              '  '.join('%9.1f' % (10 * (cpu[s] - i.get(s, 0)) / rate) for s in SERVICES)))
