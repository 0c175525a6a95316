namespace ServingNotebooks.Grading;

/// <summary>
/// What the grader found in a submitted notebook's code by reading it (never running it), outside the sandbox: the second
/// witness of the off-limits rule, beside the answer-key watch inside the worker.
/// </summary>
/// <param name="OffLimits">
/// By part letter ("a", "b", …): the part's off-limits members ("Queueing.LittlesLaw") that its function refers to, directly
/// or through the notebook's own functions, variables and types it uses. A part missing here refers to none.
/// </param>
/// <param name="Suspicious">
/// One line per construct that can hide what a notebook does from the runtime watch or reach the grader's channel
/// (reflection, <c>ExecutionContext.SuppressFlow</c>, unsafe thread-pool calls, native interop, the process's own memory or
/// standard streams), with the cell it is in; empty when there is none. Only cells the learner wrote count (a cell identical
/// to one of the released notebook's is the instructor's).
/// </param>
public sealed record SourceFindings(IReadOnlyDictionary<string, IReadOnlyList<string>> OffLimits, IReadOnlyList<string> Suspicious)
{
    /// <summary>Nothing found.</summary>
    public static SourceFindings None { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), []);

    /// <summary>Whether the notebook has anything the instructor should look at (a result of such a notebook is never cached).</summary>
    public bool IsSuspicious => Suspicious.Count > 0;

    /// <summary>The off-limits members part <paramref name="part"/>'s function refers to (empty when none).</summary>
    /// <param name="part">The part's letter.</param>
    public IReadOnlyList<string> OffLimitsOf(string part) => OffLimits.GetValueOrDefault(part) ?? [];
}
