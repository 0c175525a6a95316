namespace ServingMath.Simulation;

/// <summary>One scheduler step of one replica, as the simulator ran it (kept when <see cref="LlmServingConfig.RecordSteps"/> is on).</summary>
/// <param name="Replica">Replica index.</param>
/// <param name="StartSeconds">When the step started, seconds.</param>
/// <param name="DurationMs">How long it took, milliseconds: model time × noise + overheads.</param>
/// <param name="DecodeSequences">Sequences that decoded one token.</param>
/// <param name="DecodeContextTokens">Σ of the decode sequences' contexts, tokens.</param>
/// <param name="PrefillTokens">Prompt tokens computed (whole prompts, chunks, recomputations), tokens.</param>
/// <param name="PrefillRequests">Requests with prompt tokens in the step.</param>
/// <param name="Finished">Requests that generated their last token at the end of the step.</param>
/// <param name="Preempted">Requests preempted while the step was scheduled.</param>
/// <param name="Batch">What the step held, in scheduling order: each request (its index in the arrivals) and its tokens.</param>
public sealed record StepRecord(
    int Replica, double StartSeconds, double DurationMs, int DecodeSequences, long DecodeContextTokens,
    int PrefillTokens, int PrefillRequests, int Finished, int Preempted, IReadOnlyList<StepEntry> Batch)
{
    /// <summary>The batch as text, e.g. <c>"0:1 1:6 2:1"</c> (request:tokens; a decode is 1 token).</summary>
    public string BatchText => string.Join(' ', Batch.Select(e => $"{e.Request}:{e.Tokens}"));

    /// <summary>What the step held, as a step cost model sees it.</summary>
    public StepWork Work => new(DecodeSequences, DecodeContextTokens, PrefillTokens, PrefillRequests);
}

/// <summary>One request in a step: its index in the arrivals and the tokens it computes in the step (1 for a decode).</summary>
/// <param name="Request">Index of the request in the arrival list.</param>
/// <param name="Tokens">Tokens computed for it in the step.</param>
public readonly record struct StepEntry(int Request, int Tokens);
