namespace ServingMath;

/// <summary>
/// TEMPORARY stub so notebook 10 runs: only the list of fields a serving trace must carry.
/// The real <c>Tracing</c> class (RequestTrace record, JSON Lines, summaries) replaces this file.
/// </summary>
public static class Tracing
{
    /// <summary>
    /// The field names every request in a serving trace must carry: identity and arrival time, the
    /// latency parts (queue, prefill, time to first token, time per output token, end to end), the
    /// token counts, and the outcome (status and the fallback path taken, if any).
    /// </summary>
    public static IReadOnlyList<string> RequiredFields { get; } =
    [
        "request_id", "arrival_s", "queue_ms", "prefill_ms", "ttft_ms", "tpot_ms",
        "prompt_tokens", "output_tokens", "e2e_ms", "status", "fallback_path",
    ];
}
