namespace ServingMath.Simulation;

/// <summary>
/// The state of every request of one run, held as columns (one array per field, indexed by the request's position in the
/// arrivals) so that a run of a million requests allocates a handful of arrays, not a million objects. Models the fields
/// of vLLM's <c>Request</c> (<c>vllm/v1/request.py</c>, v0.11) the scheduler reads: prompt and output lengths,
/// <c>num_computed_tokens</c>, the tokens generated so far, <c>num_preemptions</c>, <c>num_cached_tokens</c>.
/// </summary>
internal sealed class RequestTable
{
    internal const byte NotArrived = 0;
    internal const byte Waiting = 1;
    internal const byte Running = 2;
    internal const byte Gone = 3;

    internal RequestTable(IReadOnlyList<ArrivalRequest> arrivals, Func<string, int> streamOf)
    {
        Count = arrivals.Count;
        Arrival = new double[Count];
        Prompt = new int[Count];
        Output = new int[Count];
        Admitted = new double[Count];
        FirstToken = new double[Count];
        Left = new double[Count];
        Generated = new int[Count];
        Computed = new int[Count];
        Preemptions = new int[Count];
        ReplicaOf = new int[Count];
        CachedTokens = new int[Count];
        Status = new RequestStatus[Count];
        State = new byte[Count];
        Started = new bool[Count];
        Held = new long[Count];
        PrefixStream = new int[Count];
        PrefixTokens = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            var a = arrivals[i];
            Arrival[i] = a.ArrivalSeconds;
            Prompt[i] = a.PromptTokens;
            Output[i] = a.OutputTokens;
            ReplicaOf[i] = -1;
            PrefixStream[i] = a.PrefixId is { } id && a.PrefixTokens > 0 ? streamOf(id) : -1;
            PrefixTokens[i] = a.PrefixTokens;
        }
    }

    internal int Count { get; }

    /// <summary>Arrival time, seconds.</summary>
    internal double[] Arrival { get; }

    /// <summary>Prompt tokens (P).</summary>
    internal int[] Prompt { get; }

    /// <summary>Output tokens the request will generate (O).</summary>
    internal int[] Output { get; }

    /// <summary>When a replica first admitted it, seconds.</summary>
    internal double[] Admitted { get; }

    /// <summary>When its first output token was sampled, seconds.</summary>
    internal double[] FirstToken { get; }

    /// <summary>When it finished or left, seconds.</summary>
    internal double[] Left { get; }

    /// <summary>Output tokens sampled so far (g).</summary>
    internal int[] Generated { get; }

    /// <summary>Tokens whose KV is computed (vLLM <c>num_computed_tokens</c>): prompt tokens, then the fed-back output tokens.</summary>
    internal int[] Computed { get; }

    /// <summary>Times it was preempted.</summary>
    internal int[] Preemptions { get; }

    /// <summary>The replica the router sent it to; −1 before routing or when refused first.</summary>
    internal int[] ReplicaOf { get; }

    /// <summary>Prompt tokens found in the prefix cache when first admitted (vLLM <c>num_cached_tokens</c>).</summary>
    internal int[] CachedTokens { get; }

    internal RequestStatus[] Status { get; }

    /// <summary>KV blocks it holds (counted; with prefix caching, the length of its block list).</summary>
    internal long[] Held { get; }

    /// <summary>With prefix caching: the blocks it holds, in sequence order (vLLM <c>req_to_blocks</c>); null otherwise.</summary>
    internal List<int>?[]? BlockIds { get; set; }

    /// <summary>With prefix caching: how many of its leading blocks are already registered under their hash (vLLM <c>num_cached_block</c>).</summary>
    internal int[]? HashedBlocks { get; set; }

    internal byte[] State { get; }

    /// <summary>Whether it has been admitted once (its queue time is fixed).</summary>
    internal bool[] Started { get; }

    /// <summary>Index of its shared prefix stream (a system prompt, a conversation), or −1 for none.</summary>
    internal int[] PrefixStream { get; }

    /// <summary>How many of its leading tokens are the stream's tokens.</summary>
    internal int[] PrefixTokens { get; }

    /// <summary>The sequence so far: prompt + output tokens sampled (vLLM <c>request.num_tokens</c>).</summary>
    internal int Sequence(int j) => Prompt[j] + Generated[j];

    /// <summary>Tokens still to compute before the next token can be sampled: sequence − computed.</summary>
    internal int ToCompute(int j) => Prompt[j] + Generated[j] - Computed[j];

    /// <summary>Called when a request leaves (finished, rejected or timed out): a closed-loop client's cue to send its next one. Null in an open-loop run.</summary>
    internal Action<int, double>? Departed { get; set; }

    internal void Leave(int j, double now, RequestStatus why)
    {
        State[j] = Gone;
        Status[j] = why;
        Left[j] = now;
        Departed?.Invoke(j, now);
    }
}
