import os, sys, django, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE","danvan.settings"); django.setup()
from django.test import Client
from surveys import bench
import cProfile, pstats
c=Client(SERVER_NAME="localhost"); c.force_login(bench.bench_user())
name, params = bench.requests_to_time()[int(sys.argv[1])]
c.get("/thong-ke/", params)
pr=cProfile.Profile(); pr.enable()
c.get("/thong-ke/", params)
pr.disable()
st=pstats.Stats(pr); st.sort_stats("cumulative").print_stats("danvan|surveys|template|forms|scoping", 40)
