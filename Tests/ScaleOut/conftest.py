"""Fixtures of the scale-out suite: one cluster (cluster.py) per test module."""

from __future__ import annotations

import pytest

from cluster import running_cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with running_cluster(tmp_path_factory.mktemp("cluster")) as made:
        yield made


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # On failure, print the tail of every process's log.
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "cluster" in item.funcargs:
        made = item.funcargs["cluster"]
        for replica in made.replicas:
            report.sections.append((f"log of {replica.workdir.name}", replica.log_tail(60)))
        for worker in made.workers:
            report.sections.append((f"log of {worker.workdir.name}", "\n".join(worker.log().splitlines()[-60:])))


