using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// The KV cache of one replica: which blocks each running request holds, under the replica's
/// <see cref="KvAllocation"/> — the counterpart of vLLM's <c>KVCacheManager</c> (<c>vllm/v1/core/kv_cache_manager.py</c>,
/// v0.11): <see cref="GetComputedTokens"/> is its <c>get_computed_blocks</c> (the longest cached prefix),
/// <see cref="AllocateSlots"/> its <c>allocate_slots</c> (blocks for the computed tokens plus the new ones, or refuse),
/// <see cref="Free"/> its <c>free</c>.
/// </summary>
/// <remarks>
/// Every policy gets the same budget: ⌊<see cref="LlmServingConfig.KvCacheTokens"/> / block⌋ usable blocks (vLLM's
/// <c>num_gpu_blocks</c> counts one more, its null block). Without prefix caching blocks are counted, not named (fast);
/// with it they are named and reference-counted in a <see cref="BlockPool"/>: a block freed by a finished or preempted
/// request stays cached until evicted, and its hits count as free blocks taken back.
/// </remarks>
internal sealed class KvCacheManager
{
    private readonly RequestTable requests;
    private readonly int blockTokens;
    private readonly bool onDemand;
    private readonly bool fullSequenceMustFit;
    private readonly long? fixedReserve; // ReserveMaximum with MaxModelLen: the same blocks for every request
    private readonly int? maxOutput; // ReserveMaximum with MaxOutputTokens
    private readonly BlockPool? pool;
    private readonly List<int> hits = []; // blocks found by GetComputedTokens for the request being admitted
    private readonly Stack<List<int>> spareLists = new();
    private int hitsFor = -1;
    private readonly long[] held; // requests.Held, read in the hot path
    private readonly int[] computedOf; // requests.Computed

    internal KvCacheManager(LlmServingConfig config, RequestTable requests)
    {
        this.requests = requests;
        held = requests.Held;
        computedOf = requests.Computed;
        blockTokens = config.KvBlockTokens;
        onDemand = config.KvAllocation == KvAllocation.OnDemand;
        fullSequenceMustFit = config.FullSequenceMustFit;
        if (config.KvAllocation == KvAllocation.ReserveMaximum)
        {
            fixedReserve = config.MaxModelLen is int len ? Blocks(len) : null;
            maxOutput = config.MaxOutputTokens;
        }

        CapacityOrNull = config.KvCacheTokens / blockTokens;
        Capacity = CapacityOrNull ?? long.MaxValue;
        if (config.PrefixCaching)
        {
            pool = new BlockPool(checked((int)Capacity));
            requests.BlockIds ??= new List<int>?[requests.Count];
            requests.HashedBlocks ??= new int[requests.Count];
        }
    }

    /// <summary>Usable blocks; <see cref="long.MaxValue"/> when unlimited.</summary>
    internal long Capacity { get; }

    /// <summary>Usable blocks; null when unlimited.</summary>
    internal long? CapacityOrNull { get; }

    /// <summary>Blocks held by running requests (with prefix caching: referenced blocks; cached free ones do not count).</summary>
    internal long InUse { get; private set; }

    /// <summary>Most blocks held at once.</summary>
    internal long MaxInUse { get; private set; }

    /// <summary>Tokens looked up in the prefix cache by admitted requests: their whole sequence, at each admission (vLLM <c>prefix_cache_stats.queries</c>).</summary>
    internal long QueriedTokens { get; private set; }

    /// <summary>Tokens found in it (vLLM <c>prefix_cache_stats.hits</c>).</summary>
    internal long HitTokens { get; private set; }

    /// <summary>Cached blocks evicted to make room.</summary>
    internal long Evictions => pool?.Evictions ?? 0;

    /// <summary>Blocks free for new tokens.</summary>
    private long Available => Capacity - InUse;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal long Blocks(long tokens) => (tokens + blockTokens - 1) / blockTokens;

    /// <summary>The most blocks request <paramref name="j"/> can ever hold: on demand ⌈(P + O − 1) / B⌉ (the last sampled token is never fed back), else its reservation.</summary>
    internal long MostBlocks(int j) => onDemand ? Blocks((long)requests.Prompt[j] + requests.Output[j] - 1) : Reservation(j);

    /// <summary>
    /// The longest cached prefix of waiting request <paramref name="j"/> (vLLM <c>get_computed_blocks</c>): the leading
    /// blocks whose hashes are cached, at most ⌊(sequence − 1) / B⌋ of them (the last token is always computed, to get
    /// its logits). Returns the tokens they hold, 0 without prefix caching or for a request already part-computed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int GetComputedTokens(int j)
    {
        hits.Clear();
        hitsFor = j;
        if (pool is null || requests.Computed[j] != 0)
        {
            return 0;
        }

        var sequence = requests.Sequence(j);
        var most = (sequence - 1) / blockTokens;
        for (var b = 0; b < most; b++)
        {
            var block = pool.Cached(KvCacheUtils.BlockHash(requests, j, b, blockTokens));
            if (block < 0)
            {
                break;
            }

            hits.Add(block);
        }

        return hits.Count * blockTokens;
    }

    /// <summary>
    /// Blocks for request <paramref name="j"/> to hold its computed tokens plus <paramref name="newTokens"/> more (vLLM
    /// <c>allocate_slots</c>); false, taking nothing, when they are not free. <paramref name="admitting"/>: the request
    /// is waiting and would start now — reserve policies take its whole reservation; on demand the hits of
    /// <see cref="GetComputedTokens"/> are taken too and, with <see cref="LlmServingConfig.FullSequenceMustFit"/>, blocks for
    /// its whole current sequence must be free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool AllocateSlots(int j, int newTokens, bool admitting)
    {
        if (!onDemand)
        {
            if (!admitting)
            {
                return true;
            }

            var reserve = Reservation(j);
            if (reserve > Available)
            {
                return false;
            }

            Take(j, reserve);
            return true;
        }

        if (pool is null)
        {
            if (admitting && fullSequenceMustFit && Blocks(requests.Sequence(j)) > Available)
            {
                return false;
            }

            // Never negative: blocks taken for drafts that were rejected stay with the request, as in vLLM.
            var more = Math.Max(0, Blocks((long)computedOf[j] + newTokens) - held[j]);
            if (more > Available)
            {
                return false;
            }

            Take(j, more);
            return true;
        }

        return AllocateCached(j, newTokens, admitting);
    }

    /// <summary>Frees every block of request <paramref name="j"/>, last block first (so a sequence's end is evicted before its shared start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Free(int j)
    {
        InUse -= held[j];
        held[j] = 0;
        if (pool is not null && requests.BlockIds![j] is { } list)
        {
            for (var k = list.Count - 1; k >= 0; k--)
            {
                pool.Free(list[k]);
            }

            list.Clear();
            spareLists.Push(list);
            requests.BlockIds[j] = null;
            requests.HashedBlocks![j] = 0;
            InUse = Capacity - pool.FreeBlocks; // a block another request shares stays in use
        }
    }

    /// <summary>How many leading blocks of request <paramref name="j"/>'s shared prefix this cache holds (0 without prefix caching).</summary>
    internal int CachedPrefixBlocks(int j)
    {
        if (pool is null || requests.PrefixStream[j] < 0)
        {
            return 0;
        }

        var most = Math.Min(requests.PrefixTokens[j], requests.Prompt[j] - 1) / blockTokens;
        var b = 0;
        while (b < most && pool.Cached(KvCacheUtils.BlockHash(requests, j, b, blockTokens)) >= 0)
        {
            b++;
        }

        return b;
    }

    private long Reservation(int j)
    {
        if (fixedReserve is long fixedBlocks)
        {
            return fixedBlocks;
        }

        return Blocks((long)requests.Prompt[j] + (maxOutput ?? requests.Output[j]));
    }

    private void Take(int j, long blocks)
    {
        held[j] += blocks;
        InUse += blocks;
        MaxInUse = Math.Max(MaxInUse, InUse);
    }

    private bool AllocateCached(int j, int newTokens, bool admitting)
    {
        var p = pool!;
        var hitBlocks = admitting && hitsFor == j ? hits.Count : 0;
        var evictableHits = 0;
        for (var k = 0; k < hitBlocks; k++)
        {
            if (p.IsFree(hits[k]))
            {
                evictableHits++; // a free cached block: taking it back uses up a free block
            }
        }

        var held = (int)requests.Held[j];
        var computed = requests.Computed[j] + (hitBlocks * blockTokens);
        var need = Math.Max(0, Blocks((long)computed + newTokens) - held - hitBlocks);
        var mustFit = admitting && fullSequenceMustFit ? Blocks(requests.Sequence(j)) - held - hitBlocks : need;
        if (Math.Max(need, mustFit) + evictableHits > p.FreeBlocks)
        {
            return false;
        }

        var list = requests.BlockIds![j] ??= spareLists.Count > 0 ? spareLists.Pop() : [];
        for (var k = 0; k < hitBlocks; k++)
        {
            p.Touch(hits[k]);
            list.Add(hits[k]);
        }

        for (var k = 0; k < need; k++)
        {
            list.Add(p.GetNewBlock());
        }

        if (hitBlocks > 0)
        {
            requests.HashedBlocks![j] = hitBlocks;
        }

        if (admitting && requests.Computed[j] == 0)
        {
            QueriedTokens += requests.Sequence(j); // counted once per admission, not per lookup of a blocked head
            HitTokens += hitBlocks * blockTokens;
        }

        hits.Clear();
        hitsFor = -1;
        requests.Held[j] += hitBlocks + need;
        InUse = Capacity - p.FreeBlocks;
        MaxInUse = Math.Max(MaxInUse, InUse);

        // Register the blocks that will be full once this step has run (vLLM caches them at allocation).
        var full = Math.Min(computed + newTokens, requests.Sequence(j)) / blockTokens;
        for (var b = requests.HashedBlocks![j]; b < full; b++)
        {
            p.CacheFullBlock(list[b], KvCacheUtils.BlockHash(requests, j, b, blockTokens));
        }

        requests.HashedBlocks[j] = Math.Max(requests.HashedBlocks[j], full);
        return true;
    }
}
