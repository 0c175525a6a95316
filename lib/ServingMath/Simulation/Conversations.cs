using MathNet.Numerics.Distributions;

namespace ServingMath.Simulation;

/// <summary>
/// A multi-turn chat workload for the simulator: conversations start as a Poisson stream; each is a fixed number of
/// turns, and every turn's prompt repeats the whole conversation so far (system prompt, earlier questions and answers)
/// and adds a new question — what an OpenAI-compatible chat client sends, since the server keeps no state between calls.
/// </summary>
/// <remarks>
/// Each turn shares its leading tokens with the conversation's other turns under one prefix id per conversation
/// (<see cref="ArrivalRequest.PrefixId"/> = <c>"conversation-c"</c>, <see cref="ArrivalRequest.PrefixTokens"/> = its
/// whole prompt + answer, which the next turn repeats). The simulator names one shared prefix per request, so the system
/// prompt is shared within a conversation here, not across conversations. The next question comes a think time after
/// the previous one was sent (uniform between half and one and a half times the mean), not after its answer: with a
/// think time well above the answer's few seconds, the previous answer has finished and its blocks are cached.
/// </remarks>
public static class Conversations
{
    /// <summary>
    /// Builds the workload: conversation c starts at the c-th arrival of a Poisson stream of rate λ (the same start times
    /// as <see cref="Arrivals.Poisson(double, int, int, int, int)"/> with that seed); turn k + 1 is sent a think time
    /// after turn k; turn k's prompt is S + Σ_{i&lt;k}(qᵢ + Aᵢ) + qₖ.
    /// </summary>
    /// <param name="conversationsPerSecond">Rate at which conversations start (λ), per second. Range: λ &gt; 0.</param>
    /// <param name="conversations">How many conversations (n). Range: n ≥ 1.</param>
    /// <param name="turns">Questions per conversation (K). Range: K ≥ 1.</param>
    /// <param name="seed">Random seed; the same seed gives the same workload.</param>
    /// <param name="systemPromptTokens">The system prompt every conversation starts with (S), tokens. Range: S ≥ 0.</param>
    /// <param name="userTokens">Draws one question's length (qₖ) from the given random source. Range of results: ≥ 1.</param>
    /// <param name="answerTokens">Draws one answer's length (Aₖ) from the given random source. Range of results: ≥ 1.</param>
    /// <param name="thinkSeconds">Mean time between a conversation's turns, seconds. Range: &gt; 0.</param>
    /// <returns>Every turn of every conversation, in arrival order; request ids <c>"c7-t2"</c> (conversation 7, turn 2).</returns>
    /// <example><code>var chat = Conversations.MultiTurn(2, 300, turns: 6, seed: 11, systemPromptTokens: 1_000,
    ///     userTokens: r =&gt; r.Next(20, 201), answerTokens: r =&gt; r.Next(100, 401), thinkSeconds: 20);</code></example>
    public static IReadOnlyList<ArrivalRequest> MultiTurn(
        double conversationsPerSecond, int conversations, int turns, int seed, int systemPromptTokens,
        Func<Random, int> userTokens, Func<Random, int> answerTokens, double thinkSeconds)
    {
        Guard.Positive(conversationsPerSecond, nameof(conversationsPerSecond), "conversations starting per second");
        Guard.Positive(conversations, nameof(conversations), "conversations to simulate");
        Guard.Positive(turns, nameof(turns), "questions per conversation");
        Guard.NonNegative(systemPromptTokens, nameof(systemPromptTokens), "tokens in the system prompt");
        Guard.NotNull(userTokens, nameof(userTokens));
        Guard.NotNull(answerTokens, nameof(answerTokens));
        Guard.Positive(thinkSeconds, nameof(thinkSeconds), "mean seconds between a conversation's turns");
        var starts = Streams.Create(seed, Streams.Arrivals);
        var lengths = Streams.Create(seed, Streams.Lengths);
        var thinking = Streams.Create(seed, Streams.Service);
        var requests = new List<ArrivalRequest>(conversations * turns);
        var start = 0.0;
        for (var c = 0; c < conversations; c++)
        {
            start += Exponential.Sample(starts, conversationsPerSecond);
            var sent = start;
            long history = systemPromptTokens;
            for (var k = 1; k <= turns; k++)
            {
                var question = Draw(userTokens, lengths, nameof(userTokens));
                var answer = Draw(answerTokens, lengths, nameof(answerTokens));
                var prompt = checked((int)(history + question));
                var id = $"conversation-{c}";
                requests.Add(new ArrivalRequest(sent, prompt, answer, $"c{c}-t{k}", id, checked(prompt + answer)));
                history = (long)prompt + answer;
                sent += thinkSeconds * (0.5 + thinking.NextDouble());
            }
        }

        // A stable sort: turns sent at the same instant keep their order.
        return [.. requests.OrderBy(r => r.ArrivalSeconds)];
    }

    private static int Draw(Func<Random, int> draw, Random source, string name)
    {
        var tokens = draw(source);
        return tokens >= 1
            ? tokens
            : throw new ArgumentOutOfRangeException(name, tokens, $"{name} must draw at least 1 token; got {tokens}");
    }
}
