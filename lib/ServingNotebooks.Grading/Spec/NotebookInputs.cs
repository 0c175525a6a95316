using ServingMath;
using ServingMath.Simulation;

namespace ServingNotebooks.Grading.Spec;

/// <summary>
/// The inputs some notebooks build from <c>data/</c> (a simulated trace, the H100 measurements), built here the same way
/// so the grader computes the library's answer for them. A workbook test checks that each notebook's answer for its own
/// inputs equals the answer computed from these.
/// </summary>
public static class NotebookInputs
{
    /// <summary>
    /// Notebook 1's trace: one H100 serving Llama-3-8B (measured step and prefill times), 3000 Poisson arrivals at 12 req/s
    /// (seed 1), 512-token prompts, 180-token answers.
    /// </summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    public static IReadOnlyList<RequestTrace> LittlesLawTrace(string dataDirectory)
    {
        var h100 = H100(dataDirectory);
        var requests = Arrivals.Poisson(12, requests: 3000, seed: 1, promptTokens: 512, outputTokens: 180);
        return Simulator.LlmReplicas(h100, requests).Trace;
    }

    /// <summary>One H100 replica with the measured decode step and prefill times from <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    public static LlmServingConfig H100(string dataDirectory) => new()
    {
        StepTime = MeasuredStepTime.FromCsv(Path.Combine(dataDirectory, "decode_by_batch.csv")),
        PrefillTime = MeasuredPrefillTime.FromCsv(Path.Combine(dataDirectory, "prefill_by_prompt.csv")),
    };
}
