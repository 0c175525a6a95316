using System.Collections;
using System.Globalization;

namespace ServingMath.Simulation;

/// <summary>
/// A simulated trace held as columns (arrays) instead of a million small objects: the simulator fills the arrays,
/// and each <see cref="RequestTrace"/> is built when it is read. Keeps a million-request run free of garbage-collector
/// churn; reading a row allocates one short-lived record.
/// </summary>
internal sealed class ColumnarTrace : IReadOnlyList<RequestTrace>
{
    private readonly double[] arrival;
    private readonly double[] queueMs;
    private readonly double[] prefillMs;
    private readonly double[]? endToEndMs; // null: e2e = queue + prefill
    private readonly int[]? prompt; // null: 0
    private readonly int[]? output; // null: 1
    private readonly int[] replica;
    private readonly RequestStatus[]? status; // null: all Ok
    private readonly string?[]? ids; // null or null entry: the index
    private readonly string? fallback; // fallback path of requests that are not Ok
    private readonly int[]? preemptions; // null: 0

    internal ColumnarTrace(
        double[] arrival, double[] queueMs, double[] prefillMs, double[]? endToEndMs, int[]? prompt, int[]? output,
        int[] replica, RequestStatus[]? status = null, string?[]? ids = null, string? fallback = null, int[]? preemptions = null)
    {
        this.arrival = arrival;
        this.queueMs = queueMs;
        this.prefillMs = prefillMs;
        this.endToEndMs = endToEndMs;
        this.prompt = prompt;
        this.output = output;
        this.replica = replica;
        this.status = status;
        this.ids = ids;
        this.fallback = fallback;
        this.preemptions = preemptions;
    }

    public int Count => arrival.Length;

    /// <summary>Shared-prefix ids (null, or a null entry: none).</summary>
    internal string?[]? PrefixIds { get; init; }

    /// <summary>Shared-prefix lengths (null: 0).</summary>
    internal int[]? PrefixTokens { get; init; }

    /// <summary>Prompt tokens found in the prefix cache (null: not recorded).</summary>
    internal int[]? CachedTokens { get; init; }

    public RequestTrace this[int index]
    {
        get
        {
            if ((uint)index >= (uint)arrival.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"index must be between 0 and {arrival.Length - 1}; got {index}");
            }

            var s = status?[index] ?? RequestStatus.Ok;
            return new RequestTrace(
                ids?[index] ?? index.ToString(CultureInfo.InvariantCulture),
                arrival[index],
                queueMs[index],
                prefillMs[index],
                prompt?[index] ?? 0,
                output?[index] ?? 1,
                endToEndMs?[index] ?? (queueMs[index] + prefillMs[index]),
                s,
                s == RequestStatus.Ok ? null : fallback,
                replica[index],
                preemptions?[index] ?? 0,
                PrefixIds?[index],
                PrefixIds?[index] is null ? 0 : PrefixTokens?[index] ?? 0,
                CachedTokens is null || s != RequestStatus.Ok ? null : CachedTokens[index]);
        }
    }

    public IEnumerator<RequestTrace> GetEnumerator()
    {
        for (var i = 0; i < arrival.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Count} requests";
}
