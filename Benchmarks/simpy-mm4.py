#!/usr/bin/env python3
"""The M/M/4 queue of scenarios/bench/mm4.yaml in SimPy, to compare simulators in one sitting.

Poisson arrivals at 1,600/s, 4 servers, exponential service of mean 2 ms, 10 simulated minutes;
each request records its latency (as Stampede does), so the two do comparable work per request.
Prints requests per wall second and the mean wait (Erlang C: 1.491 ms).

    python3 -m venv /tmp/simpy && /tmp/simpy/bin/pip install simpy==4.1.1
    /tmp/simpy/bin/python Benchmarks/simpy-mm4.py
"""
import random
import sys
import time

import simpy

RATE, SERVERS, MEAN_SERVICE, DURATION = 1600.0, 4, 0.002, 600.0


def main(seed=1):
    rng = random.Random(seed)
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=SERVERS)
    waits, latencies = [], []

    def request(env):
        arrived = env.now
        with pool.request() as slot:
            yield slot
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1 / MEAN_SERVICE))
        latencies.append(env.now - arrived)

    def arrivals(env):
        while True:
            yield env.timeout(rng.expovariate(RATE))
            env.process(request(env))

    env.process(arrivals(env))
    start = time.perf_counter()
    env.run(until=DURATION)
    wall = time.perf_counter() - start
    n = len(latencies)
    print(f"simpy {simpy.__version__}: {n:,} requests in {wall:.2f}s wall = {n / wall:,.0f} requests/s; "
          f"mean wait {1000 * sum(waits) / len(waits):.3f} ms (Erlang C 1.491 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
