import os, sys, django, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE","danvan.settings"); django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.test import Client
from surveys import bench
c=Client(SERVER_NAME="localhost"); c.force_login(bench.bench_user())
reqs=bench.requests_to_time()
for i in map(int, sys.argv[1:]):
    name, params = reqs[i]
    c.get("/thong-ke/", params)
    with CaptureQueriesContext(connection) as ctx:
        t=time.perf_counter(); c.get("/thong-ke/", params); total=time.perf_counter()-t
    print("==", name, round(total*1000), "ms; sql", round(sum(float(q["time"]) for q in ctx.captured_queries)*1000))
    for q in ctx.captured_queries:
        if float(q["time"]) > 0.02: print("  ", q["time"], q["sql"][:200])
