# CPU per saga from run-benchmark result.json files: each process's CPU during the measured minute less its idle CPU,
# divided by the sagas per second; the five services, and the stack without the console and the issuer.
# Usage: python3 cpu-per-saga.py result.json...
import json, sys
SERVICES = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'saga-orchestrator']
for f in sys.argv[1:]:
    d = json.load(open(f))
    idle = {i['relay']: i['cpuPercentOfOneCore'] for i in d.get('idle', [])}
    for r in d['runs']:
        cpu = {k: v['cpuPercentOfOneCore'] for k, v in r['processes'].items()}
        i = idle.get(r['relay'], {})
        svc = sum(cpu[s] for s in SERVICES) - sum(i.get(s, 0) for s in SERVICES)
        stack = sum(v for k, v in cpu.items() if k not in ('auth-server', 'console')) - sum(v for k, v in i.items() if k not in ('auth-server', 'console'))
        rate = r['throughputPerSecond']
        print('%s %-8s services %.1f%% over idle -> %.1f ms/saga; stack (no console/issuer) %.1f ms/saga' % (f, r['relay'], svc, 10 * svc / rate, 10 * stack / rate))
