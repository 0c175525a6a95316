#!/usr/bin/python3
"""M/M/1 in SimPy, timed, to compare with ServingMath.Simulation.Simulator.MmcQueue (same model, same counts).

Model: Poisson arrivals at rate lam, exponential service at rate mu, one FCFS server, n requests.
Counts two model events per request (arrival, departure), as the C# simulator does.
Runs with SimPy 3/4 (`import simpy`) when present, else classic SimPy 2 (`SimPy.Simulation`, Debian's python3-simpy).

    /usr/bin/python3 tests/ServingNotebooks.Benchmarks/simpy_mm1.py [--requests 200000] [--rho 0.8] [--seed 1]

Prints one JSON object: simpy version, requests, seconds, requests_per_s, events_per_s, mean wait vs theory.
"""
import argparse
import json
import random
import time


def run_simpy3(simpy, n, lam, mu, rng):
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    waits = []

    def customer(env):
        arrive = env.now
        with server.request() as req:
            yield req
            waits.append(env.now - arrive)
            yield env.timeout(rng.expovariate(mu))

    def source(env):
        for _ in range(n):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(env))

    env.process(source(env))
    env.run()
    return waits


def run_simpy2(n, lam, mu, rng):
    from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

    waits = []

    class Customer(Process):
        def visit(self, server):
            arrive = now()
            yield request, self, server
            waits.append(now() - arrive)
            yield hold, self, rng.expovariate(mu)
            yield release, self, server

    class Source(Process):
        def generate(self, server):
            for _ in range(n):
                yield hold, self, rng.expovariate(lam)
                c = Customer()
                activate(c, c.visit(server))

    initialize()
    server = Resource(capacity=1)
    source = Source()
    activate(source, source.generate(server))
    simulate(until=1e18)
    return waits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--rho", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mu = 1.0
    lam = args.rho * mu
    rng = random.Random(args.seed)

    try:
        import simpy  # SimPy 3/4
        version = "simpy " + getattr(simpy, "__version__", "3+")
        start = time.perf_counter()
        waits = run_simpy3(simpy, args.requests, lam, mu, rng)
    except ImportError:
        import SimPy
        version = "SimPy " + getattr(SimPy, "__version__", "2")
        start = time.perf_counter()
        waits = run_simpy2(args.requests, lam, mu, rng)
    seconds = time.perf_counter() - start

    assert len(waits) == args.requests, (len(waits), args.requests)
    print(json.dumps({
        "simulator": version,
        "requests": args.requests,
        "rho": args.rho,
        "seconds": round(seconds, 4),
        "requests_per_s": round(args.requests / seconds),
        "events_per_s": round(2 * args.requests / seconds),
        "mean_wait": round(sum(waits) / len(waits), 4),
        "theory_mean_wait": round(args.rho / (mu - lam), 4),
    }))


if __name__ == "__main__":
    main()
