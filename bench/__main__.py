"""`python -m bench` (or `make bench`): every measurement, printed as Markdown tables for the README."""

from __future__ import annotations

import os

from bench import engine_throughput, jobs, timers


def main() -> None:
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    instances = int(os.environ.get("BENCH_INSTANCES", "200"))
    print("## Engine throughput (one process, one core)\n")
    print(engine_throughput.table(engine_throughput.run(postgres, instances)))
    if postgres:
        print("\n## Durable timers on PostgreSQL\n")
        print(timers.table(timers.run(postgres)))
        print(f"\n## Service jobs on PostgreSQL: treasury payments, {jobs.JOBS} jobs\n")
        print(jobs.table(jobs.run(postgres)))


if __name__ == "__main__":
    main()
