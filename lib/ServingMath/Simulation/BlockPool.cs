namespace ServingMath.Simulation;

/// <summary>
/// The KV blocks of one replica when prefix caching is on, block by block — the counterpart of vLLM's <c>BlockPool</c>
/// (<c>vllm/v1/core/block_pool.py</c>, v0.11): every block has a reference count and, once full, a hash; blocks nobody
/// references wait in a free queue ordered for eviction (least recently used at the head); a cached block in the free
/// queue can still be found by its hash and taken back (<see cref="Touch"/>) until a new allocation evicts it.
/// </summary>
/// <remarks>
/// As in vLLM: <see cref="GetNewBlock"/> pops the head of the free queue and drops its hash (eviction);
/// <see cref="Free"/> appends blocks whose count reaches 0 to the tail (a request frees its blocks last block first, so
/// the end of a sequence is evicted before its shared beginning); <see cref="Touch"/> takes a hit block out of the
/// free queue. Unlike vLLM, a hash maps to one block: a second block that fills up with the same tokens stays
/// unhashed (vLLM keeps both; lookups return the first either way). There is no null block: every block is usable.
/// </remarks>
internal sealed class BlockPool
{
    private readonly int[] refCount;
    private readonly long[] hash;
    private readonly bool[] hashed;
    private readonly int[] prev;
    private readonly int[] next;
    private readonly int sentinel;
    private readonly Dictionary<long, int> cached = [];

    /// <summary>A pool of <paramref name="blocks"/> free blocks, in index order.</summary>
    internal BlockPool(int blocks)
    {
        refCount = new int[blocks];
        hash = new long[blocks];
        hashed = new bool[blocks];
        prev = new int[blocks + 1];
        next = new int[blocks + 1];
        sentinel = blocks;
        prev[sentinel] = next[sentinel] = sentinel;
        for (var b = 0; b < blocks; b++)
        {
            Append(b);
        }

        FreeBlocks = blocks;
    }

    /// <summary>Blocks nobody references (vLLM <c>get_num_free_blocks</c>), cached or not: all can be handed out.</summary>
    internal int FreeBlocks { get; private set; }

    /// <summary>Blocks evicted from the prefix cache so far (a cached block reused for other tokens).</summary>
    internal long Evictions { get; private set; }

    /// <summary>Whether nobody references block <paramref name="b"/> (it waits in the free queue).</summary>
    internal bool IsFree(int b) => refCount[b] == 0;

    /// <summary>The cached block holding the tokens with this hash, or −1 (vLLM <c>get_cached_block</c>).</summary>
    internal int Cached(long blockHash) => cached.TryGetValue(blockHash, out var b) ? b : -1;

    /// <summary>A prefix-cache hit: one more reference to block <paramref name="b"/>, out of the free queue if it was there.</summary>
    internal void Touch(int b)
    {
        if (refCount[b]++ == 0)
        {
            Unlink(b);
            FreeBlocks--;
        }
    }

    /// <summary>The least recently freed block, its old hash dropped (evicted) — vLLM <c>get_new_blocks</c>.</summary>
    internal int GetNewBlock()
    {
        var b = next[sentinel];
        if (b == sentinel)
        {
            throw new InvalidOperationException("the block pool is empty; the KV cache manager must check FreeBlocks first");
        }

        Unlink(b);
        FreeBlocks--;
        if (hashed[b])
        {
            cached.Remove(hash[b]);
            hashed[b] = false;
            Evictions++;
        }

        refCount[b] = 1;
        return b;
    }

    /// <summary>Registers full block <paramref name="b"/> under its hash (vLLM <c>cache_full_blocks</c>), unless that hash is cached already.</summary>
    internal void CacheFullBlock(int b, long blockHash)
    {
        if (!hashed[b] && cached.TryAdd(blockHash, b))
        {
            hash[b] = blockHash;
            hashed[b] = true;
        }
    }

    /// <summary>One reference fewer; at 0 the block joins the tail of the free queue, still cached (vLLM <c>free_blocks</c>).</summary>
    internal void Free(int b)
    {
        if (--refCount[b] == 0)
        {
            Append(b);
            FreeBlocks++;
        }
    }

    private void Append(int b)
    {
        var last = prev[sentinel];
        next[last] = b;
        prev[b] = last;
        next[b] = sentinel;
        prev[sentinel] = b;
    }

    private void Unlink(int b)
    {
        next[prev[b]] = next[b];
        prev[next[b]] = prev[b];
    }
}
