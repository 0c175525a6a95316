using System.Collections.Concurrent;

namespace ServingNotebooks.Exercises;

/// <summary>
/// Where each exercise part's hints stand in this kernel: each miss of its check moves it one step (the nudge, then the
/// formula); asking for the formula moves it too. Restarting the kernel starts over.
/// </summary>
internal static class HintSteps
{
    private static readonly ConcurrentDictionary<string, PartProgress> Parts = new(StringComparer.Ordinal);

    internal static PartProgress For(int exercise, ExercisePart part) =>
        Parts.GetOrAdd($"{exercise}{part.Name}", _ => new PartProgress(exercise, part));
}

/// <summary>One part's hints and how many times its check has missed.</summary>
internal sealed class PartProgress(int exercise, ExercisePart part)
{
    private readonly Lock _gate = new();
    private int _step;

    public string Label => $"{exercise}({part.Name})";

    public string Call(string function) => $"{function}({exercise}, \"{part.Name}\")";

    /// <summary>A wrong answer: the first gets the nudge, every later one the formula.</summary>
    /// <param name="what">What was wrong, e.g. "is 40" or "MaxRequests(0.3, 0.1) gives 2".</param>
    public CheckResult Miss(string what)
    {
        int step;
        lock (_gate)
        {
            step = ++_step;
        }

        var message = step == 1
            ? $"✘ {part.AnswerVariable} {what} — not yet. Look at: {part.Nudge} (Stuck? {Call("Hint")} gives the formula.)"
            : $"✘ {part.AnswerVariable} {what} — not yet. Formula: {part.Hint} ({Call("ShowAnswer")} shows the expected value.)";
        return new CheckResult(part.AnswerVariable, false, message);
    }

    /// <summary>The formula, asked for: later misses show it too.</summary>
    public string Hint()
    {
        lock (_gate)
        {
            _step = Math.Max(_step, 1);
        }

        return $"Hint for {Label}: {part.Hint}";
    }
}
