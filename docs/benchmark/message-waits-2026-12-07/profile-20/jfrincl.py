import sys, collections
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
from jfrthreads import samples, norm
f=sys.argv[1]; th=sys.argv[2]
S=[fr for t,fr in samples(f) if th in norm(t)]
n=len(S); print(f, th, n)
inc=collections.Counter(); selfc=collections.Counter()
for fr in S:
    seen=set()
    for m in fr:
        if m not in seen: inc[m]+=1; seen.add(m)
    selfc[fr[0]]+=1
print('-- inclusive (app + key)')
for m,k in inc.most_common(400):
    if any(s in m for s in ['dev.sagaref','Hibernate','hibernate.internal.SessionImpl','flush','JdbcClient','PgPreparedStatement.execute','KafkaConsumer.poll','tracing','Observation','jackson','ObjectMapper','commit','Transaction']):
        print('  %5.1f%% %s'%(100*k/n,m))
print('-- self top')
for m,k in selfc.most_common(25): print('  %5.1f%% %s'%(100*k/n,m))
