namespace ServingMath;

/// <summary>
/// One request as a serving trace records it: when it arrived, how long it queued, prefilled and decoded.
/// All durations are in milliseconds, the arrival time in seconds since the start of the trace.
/// </summary>
/// <remarks>
/// <para>
/// TTFT is counted from <b>arrival</b>, as vLLM and the OpenTelemetry GenAI conventions do:
/// TTFT = queue + prefill. TPOT is the decode time per output token <b>after the first</b>:
/// TPOT = (e2e − TTFT) / (outputTokens − 1), and 0 when the request produced fewer than two tokens.
/// So e2e = TTFT + (outputTokens − 1) × TPOT.
/// </para>
/// <para>Field mapping (JSON Lines name → vLLM Prometheus metric → OpenTelemetry GenAI metric):</para>
/// <list type="table">
/// <listheader><term>JSON Lines field</term><description>vLLM metric / OpenTelemetry GenAI metric</description></listheader>
/// <item><term>request_id</term><description>request id / span attribute <c>gen_ai.response.id</c></description></item>
/// <item><term>arrival_s</term><description>request arrival time (start of the server span)</description></item>
/// <item><term>queue_ms</term><description><c>vllm:request_queue_time_seconds</c> / —</description></item>
/// <item><term>prefill_ms</term><description><c>vllm:request_prefill_time_seconds</c> / —</description></item>
/// <item><term>ttft_ms</term><description><c>vllm:time_to_first_token_seconds</c> / <c>gen_ai.server.time_to_first_token</c></description></item>
/// <item><term>tpot_ms</term><description><c>vllm:request_time_per_output_token_seconds</c> (vLLM ≥ 0.11; not <c>vllm:inter_token_latency_seconds</c>, which observes each gap between tokens) / <c>gen_ai.server.time_per_output_token</c></description></item>
/// <item><term>prompt_tokens</term><description><c>vllm:request_prompt_tokens</c> / <c>gen_ai.usage.input_tokens</c></description></item>
/// <item><term>output_tokens</term><description><c>vllm:request_generation_tokens</c> / <c>gen_ai.usage.output_tokens</c></description></item>
/// <item><term>e2e_ms</term><description><c>vllm:e2e_request_latency_seconds</c> / <c>gen_ai.server.request.duration</c></description></item>
/// <item><term>status</term><description>finish reason / <c>error.type</c></description></item>
/// <item><term>fallback_path</term><description>— (the serving stack's own label for a degraded answer)</description></item>
/// </list>
/// <para>vLLM and OpenTelemetry report seconds; the trace stores milliseconds (÷ 1000 to compare).</para>
/// </remarks>
/// <param name="RequestId">A unique id for the request (JSON Lines <c>request_id</c>).</param>
/// <param name="ArrivalSeconds">Arrival time, seconds since the start of the trace (<c>arrival_s</c>). Range: ≥ 0.</param>
/// <param name="QueueMs">Time waiting before the replica admitted it, milliseconds (<c>queue_ms</c>). Range: ≥ 0.</param>
/// <param name="PrefillMs">Time from admission to the first token (the prefill), milliseconds (<c>prefill_ms</c>). Range: ≥ 0.</param>
/// <param name="PromptTokens">Prompt (input) tokens (<c>prompt_tokens</c>). Range: ≥ 0.</param>
/// <param name="OutputTokens">Output tokens the replica generated (<c>output_tokens</c>); 0 when the request was not served. Range: ≥ 0.</param>
/// <param name="EndToEndMs">Arrival to last token (or to leaving), milliseconds (<c>e2e_ms</c>). Range: ≥ TTFT.</param>
/// <param name="Status">What happened on the primary path (<c>status</c>).</param>
/// <param name="FallbackPath">The name of the fallback that answered instead, or null when none did (<c>fallback_path</c>).</param>
/// <param name="Replica">The replica (or server) index that served it; 0 for a single server; −1 when the request was refused before reaching any replica (<c>replica</c>).</param>
/// <param name="Preemptions">How many times the server preempted it (freed its KV cache and recomputed it later) (<c>preemptions</c>, optional, 0 when absent). Range: ≥ 0.</param>
/// <param name="PrefixId">What its leading tokens share with other requests (a system prompt, a conversation) (<c>prefix_id</c>, optional). Null: nothing.</param>
/// <param name="PrefixTokens">How many leading tokens it shares under <paramref name="PrefixId"/> (<c>prefix_tokens</c>, optional, 0 when absent). Range: ≥ 0.</param>
/// <param name="CachedTokens">Prompt tokens found in the prefix cache when it was admitted, not prefilled (<c>cached_tokens</c>, vLLM's <c>num_cached_tokens</c>, optional); null when not recorded. Range: ≥ 0.</param>
public sealed record RequestTrace(
    string RequestId,
    double ArrivalSeconds,
    double QueueMs,
    double PrefillMs,
    int PromptTokens,
    int OutputTokens,
    double EndToEndMs,
    RequestStatus Status = RequestStatus.Ok,
    string? FallbackPath = null,
    int Replica = 0,
    int Preemptions = 0,
    string? PrefixId = null,
    int PrefixTokens = 0,
    int? CachedTokens = null)
{
    /// <summary>Time to first token, milliseconds, counted from arrival: TTFT = queue + prefill.</summary>
    public double TtftMs => QueueMs + PrefillMs;

    /// <summary>
    /// Time per output token after the first, milliseconds: TPOT = (e2e − TTFT) / (outputTokens − 1);
    /// 0 when fewer than two tokens were generated.
    /// </summary>
    public double TpotMs => OutputTokens > 1 ? (EndToEndMs - TtftMs) / (OutputTokens - 1) : 0.0;

    /// <summary>Decode time, milliseconds: e2e − TTFT (first token to last token).</summary>
    public double DecodeMs => EndToEndMs - TtftMs;

    /// <summary>When the request left the system, seconds: arrival + e2e / 1000.</summary>
    public double DepartureSeconds => ArrivalSeconds + (EndToEndMs / 1000.0);

    /// <summary>How far e2e may fall short of TTFT (round-off in a recorded trace), milliseconds.</summary>
    internal const double ToleranceMs = 1e-3;

    /// <summary>
    /// What makes this record impossible, in words naming the JSON Lines field, or null when it is consistent: times finite
    /// and ≥ 0, token counts ≥ 0, e2e ≥ TTFT (to <see cref="ToleranceMs"/>).
    /// </summary>
    internal string? Problem()
    {
        foreach (var (value, field) in new[]
        {
            (ArrivalSeconds, TraceJsonLines.Arrival), (QueueMs, TraceJsonLines.Queue), (PrefillMs, TraceJsonLines.Prefill), (EndToEndMs, TraceJsonLines.EndToEnd),
        })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                return $"{field} must be a finite number ≥ 0; got {Guard.Show(value)}";
            }
        }

        if (PromptTokens < 0 || OutputTokens < 0)
        {
            return $"{TraceJsonLines.PromptTokens} and {TraceJsonLines.OutputTokens} must be ≥ 0; got {PromptTokens} and {OutputTokens}";
        }

        return EndToEndMs < TtftMs - ToleranceMs
            ? $"{TraceJsonLines.EndToEnd} {Guard.Show(EndToEndMs)} is shorter than {TraceJsonLines.Ttft} {Guard.Show(TtftMs)}; the last token cannot come before the first"
            : null;
    }
}
