import json, subprocess, sys, collections, re
JFR='/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'
def samples(f):
    out=subprocess.run([JFR,'print','--json','--stack-depth','64','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
    d=json.loads(out)
    for e in d['recording']['events']:
        v=e['values']
        t=v['sampledThread']['javaName'] or v['sampledThread']['osName']
        frames=[fr['method']['type']['name']+'.'+fr['method']['name'] for fr in v['stackTrace']['frames']]
        yield t, frames
def norm(t):
    t=re.sub(r'outbox_\w+','X',t); t=re.sub(r'-\d+$','',t); t=re.sub(r'#\d+-\d+-C-\d+','#N',t)
    return t
if __name__=="__main__":
 for f in sys.argv[1:]:
     S=list(samples(f)); n=len(S)
     c=collections.Counter(norm(t) for t,_ in S)
     print('==',f.split('/')[-1],n,'samples')
     for t,k in c.most_common(12): print('  %5.1f%% %s'%(100*k/n,t))
