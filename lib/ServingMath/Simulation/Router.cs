using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// The router in front of the replicas (<see cref="LlmServingConfig.Router"/>): picks a replica for each arriving
/// request. vLLM's own front end balances its data-parallel engines by outstanding requests
/// (<c>DPLBAsyncMPClient</c> in <c>vllm/v1/engine/core_client.py</c>, v0.11, scores waiting × 4 + running); routers in
/// front of several vLLM servers (the vLLM production stack's <c>roundrobin</c> and <c>prefixaware</c> routing, llm-d's
/// prefix-cache scorer, SGLang's cache-aware router) add round robin and prefix affinity.
/// </summary>
/// <remarks>
/// Prefix-aware routing here asks every replica's KV cache, exactly, how many leading blocks of the request's shared
/// prefix it holds — the ideal a real router approximates from what it has sent where (production stack) or from KV
/// events (llm-d). A prefix no replica holds goes to the least loaded; so does a tie. A hot prefix held by one replica
/// keeps drawing its traffic there however long that replica's queue (SGLang's router caps this imbalance; this one does
/// not, to show the trade-off).
/// </remarks>
internal sealed class Router(RouterPolicy policy, EngineCore[] replicas)
{
    private int next;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal EngineCore Route(int j)
    {
        if (policy == RouterPolicy.RoundRobin)
        {
            var r = replicas[next];
            next = (next + 1) % replicas.Length;
            return r;
        }

        var best = replicas[0];
        var bestHeld = policy == RouterPolicy.PrefixAware ? best.Scheduler.Kv.CachedPrefixBlocks(j) : 0;
        for (var k = 1; k < replicas.Length; k++)
        {
            var r = replicas[k];
            var held = policy == RouterPolicy.PrefixAware ? r.Scheduler.Kv.CachedPrefixBlocks(j) : 0;
            if (held > bestHeld || (held == bestHeld && r.Load < best.Load))
            {
                best = r;
                bestHeld = held;
            }
        }

        return best;
    }
}
