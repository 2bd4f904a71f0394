"""Prometheus metrics of one app: requests, latency, declined answers, cache use.

With one worker the counters live in this process. `qa serve --workers N` sets
PROMETHEUS_MULTIPROC_DIR (unless the operator did), so prometheus-client keeps the
values of every worker in files there and `/metrics` adds them up across workers.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
)
from prometheus_client import generate_latest as _generate
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        disable_created_metrics()  # no `*_created` series: start times are not needed here
        # Own registry per app: several apps in one process (tests) never clash.
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "qa_http_requests", "HTTP requests by route template, method and status.",
            ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram(
            "qa_http_request_duration_seconds", "Time to the last byte of the response.",
            ["route"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.answers = Counter(
            "qa_answers", "Answers served, by whether the bulletin held the answer.",
            ["answerable"], registry=self.registry)
        self.declined = Counter(
            "qa_answers_declined", "Questions the service declined to answer.",
            registry=self.registry)
        self.cache = Counter(
            "qa_cache_lookups", "Cache lookups by cache (search, answer) and result.",
            ["cache", "result"], registry=self.registry)

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def observe_answer(self, answerable: bool) -> None:
        self.answers.labels("true" if answerable else "false").inc()
        if not answerable:
            self.declined.inc()

    def observe_cache(self, cache: str, hit: bool) -> None:
        self.cache.labels(cache, "hit" if hit else "miss").inc()

    def render(self) -> bytes:
        directory = os.environ.get(MULTIPROC_ENV)
        if directory and os.path.isdir(directory):
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=directory)
            return _generate(registry)
        return _generate(self.registry)
