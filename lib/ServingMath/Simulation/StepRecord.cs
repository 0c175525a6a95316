namespace ServingMath.Simulation;

/// <summary>
/// One step (one forward pass) of one replica, as the simulator ran it — kept when <see cref="LlmServingConfig.RecordSteps"/>
/// is on. Reads like vLLM's <c>SchedulerOutput</c> (<c>vllm/v1/core/sched/output.py</c>, v0.11) plus what came of the
/// step: who decoded, who prefilled how many tokens, who was preempted to make room, who got a first token, who finished,
/// and the replica's KV blocks and queues while the step ran. All times in milliseconds from the start of the run.
/// </summary>
/// <param name="Replica">Replica index.</param>
/// <param name="Step">The step's number on its replica, from 0.</param>
/// <param name="StartMs">When the step started, milliseconds.</param>
/// <param name="EndMs">When it ended, milliseconds: start + model time × noise + overheads.</param>
/// <param name="Batch">What the step held, in scheduling order: each request, its tokens, decode or prefill, and the tokens it sampled.</param>
/// <param name="FirstToken">Requests whose first output token was sampled at the end of the step.</param>
/// <param name="Finished">Requests that sampled their last token at the end of the step.</param>
/// <param name="Preempted">Requests preempted (KV blocks freed, back to the front of the queue) while the step was planned.</param>
/// <param name="Work">What the step held, as the step cost model saw it.</param>
/// <param name="Waiting">Requests waiting at the replica while the step ran (including preempted ones).</param>
/// <param name="Running">Requests running while the step ran (including prompts being prefilled).</param>
/// <param name="KvBlocksInUse">KV blocks held by running requests while the step ran.</param>
public sealed record StepRecord(
    int Replica, int Step, double StartMs, double EndMs, IReadOnlyList<StepEntry> Batch,
    IReadOnlyList<int> FirstToken, IReadOnlyList<int> Finished, IReadOnlyList<int> Preempted,
    StepWork Work, int Waiting, int Running, long KvBlocksInUse)
{
    /// <summary>How long the step took, milliseconds: end − start.</summary>
    public double DurationMs => EndMs - StartMs;

    /// <summary>Requests that decoded in the step (one token each, or 1 + drafts under speculative decoding), in scheduling order.</summary>
    public IReadOnlyList<int> Decoded => [.. Batch.Where(e => e.Kind == StepKind.Decode).Select(e => e.Request)];

    /// <summary>Requests that computed prompt tokens (a whole prompt, a chunk, or a recomputation), with their token counts.</summary>
    public IReadOnlyList<StepEntry> Prefilled => [.. Batch.Where(e => e.Kind == StepKind.Prefill)];

    /// <summary>The batch as text, e.g. <c>"0:1 1:6 2:1"</c> (request:tokens; a decode is 1 token).</summary>
    public string BatchText => string.Join(' ', Batch.Select(e => $"{e.Request}:{e.Tokens}"));
}

/// <summary>Whether a request's tokens in a step are a decode or prompt tokens.</summary>
public enum StepKind
{
    /// <summary>Prompt tokens: a whole prompt, a chunk of one, or a recomputation after preemption.</summary>
    Prefill,

    /// <summary>The next output token (and, under speculative decoding, the drafts verified with it).</summary>
    Decode,
}

/// <summary>One request in a step.</summary>
/// <param name="Request">Index of the request in the arrival list.</param>
/// <param name="Tokens">Positions computed for it in the step: its chunk of prompt, or 1 (+ drafts) for a decode.</param>
/// <param name="Kind">Decode or prefill.</param>
/// <param name="Emitted">Output tokens it sampled at the end of the step: 0 mid-prompt, 1 after its last prompt chunk or a decode, 1 + accepted drafts under speculative decoding.</param>
public readonly record struct StepEntry(int Request, int Tokens, StepKind Kind = StepKind.Decode, int Emitted = 1);
