"""The benchmark of the portal (``python manage.py bench``): a city-scale data set (data), the
in-process measurements (measure), the HTTP load through gunicorn and wrk (http_load,
load.lua), and the ceiling views it compares against (views, urls, mounted only when the
BENCH_VIEWS setting is true)."""
