namespace ServingNotebooks.Exercises;

/// <summary>The outcome of one check.</summary>
/// <param name="Name">The variable checked.</param>
/// <param name="Passed">True when the answer is right.</param>
/// <param name="Message">One line of feedback: ✔ with the value, ✘ with what to look at, or "not answered yet".</param>
public sealed record CheckResult(string Name, bool Passed, string Message)
{
    /// <summary>False when the learner has not answered yet (the starter's placeholder): not a miss.</summary>
    public bool Answered { get; init; } = true;

    /// <inheritdoc />
    public override string ToString() => Message;
}
