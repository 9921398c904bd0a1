# What JPA itself costs a service: the share of its JFR execution samples in which JPA code runs, not the JDBC
# driver beneath it. Usage: python3 jpa-share.py SERVICE.jfr ... (needs the JDK's jfr tool; JFR=path to it, or jfr on the PATH).
# Each stack is walked from the running frame outwards: a sample is "JPA's own" when a JPA frame (Hibernate ORM,
# Spring Data, Spring ORM, Jakarta Persistence) comes before any PostgreSQL driver or Hikari frame, and "JDBC beneath
# JPA" when the driver comes first and a JPA frame is further out. Hibernate Validator is not JPA.
import collections, os, re, subprocess, sys
JFR=os.environ.get('JFR', 'jfr')
JPA=re.compile(r'^(org\.hibernate\.(?!validator\.)|org\.springframework\.data\.|org\.springframework\.orm\.|jakarta\.persistence\.)')
DRIVER=re.compile(r'^(org\.postgresql\.|com\.zaxxer\.hikari\.)')
for f in sys.argv[1:]:
    out=subprocess.run([JFR,'print','--events','jdk.ExecutionSample','--stack-depth','256',f],capture_output=True,text=True).stdout
    n=own=under=0; top=collections.Counter()
    for e in out.split('jdk.ExecutionSample')[1:]:
        frames=re.findall(r'^\s+([\w$.<>/]+)\(.*line:',e,re.M)
        if not frames: continue
        n+=1
        for i,fr in enumerate(frames):
            if DRIVER.match(fr):
                if any(JPA.match(x) for x in frames[i:]): under+=1
                break
            if JPA.match(fr):
                own+=1
                top[fr]+=1
                break
    name=f.rsplit('/',1)[-1].replace('.jfr','')
    print(f"{name}: {n} samples, JPA's own {own*100/n:.1f}%, JDBC beneath JPA {under*100/n:.1f}%")
    for k,v in top.most_common(8): print(f"    {v*100/n:4.1f}% first JPA frame {k}")
