using System.Collections.Concurrent;

namespace ServingMath;

/// <summary>
/// Where each exercise part's hints stand in this kernel: a part's check registers its nudge, formula and expected
/// value; each miss moves it one step (nudge, then formula). Restarting the kernel starts over.
/// </summary>
internal static class HintSteps
{
    private static readonly ConcurrentDictionary<string, PartProgress> Parts = new(StringComparer.Ordinal);

    internal static PartProgress Register(int exercise, char part, string name, string nudge, string formula, string expected)
    {
        var key = Key(exercise, part);
        var progress = Parts.GetOrAdd(key, _ => new PartProgress(exercise, char.ToLowerInvariant(part)));
        progress.Update(name, nudge, formula, expected);
        return progress;
    }

    internal static PartProgress? Find(int exercise, char part) => Parts.GetValueOrDefault(Key(exercise, part));

    private static string Key(int exercise, char part)
    {
        Guard.Positive(exercise, nameof(exercise), "exercise number");
        if (!char.IsAsciiLetter(part))
        {
            throw new ArgumentOutOfRangeException(nameof(part), part, $"part must be a letter such as 'a' or 'b'; got '{part}'.");
        }

        return $"{exercise}{char.ToLowerInvariant(part)}";
    }
}

/// <summary>One part's hints and how many times its check has missed.</summary>
internal sealed class PartProgress(int exercise, char part)
{
    private readonly Lock _gate = new();
    private int _step;

    public string Name { get; private set; } = "";

    public string Nudge { get; private set; } = "";

    public string Formula { get; private set; } = "";

    public string Expected { get; private set; } = "";

    public string Label => $"{exercise}({part})";

    public string Call(string function) => $"{function}({exercise}, '{part}')";

    public void Update(string name, string nudge, string formula, string expected)
    {
        lock (_gate)
        {
            (Name, Nudge, Formula, Expected) = (name, nudge, formula, expected);
        }
    }

    /// <summary>A wrong answer: the first gets the nudge, every later one the formula.</summary>
    public CheckResult Miss(string what)
    {
        int step;
        lock (_gate)
        {
            step = ++_step;
        }

        var message = step == 1
            ? $"✘ {Name} {what} — not yet. Look at: {Nudge} (Stuck? {Call("Hint")} gives the formula.)"
            : $"✘ {Name} {what} — not yet. Formula: {Formula} ({Call("ShowAnswer")} shows the expected value.)";
        return new CheckResult(Name, false, message);
    }

    /// <summary>The formula, asked for: later misses show it too.</summary>
    public string Hint()
    {
        lock (_gate)
        {
            _step = Math.Max(_step, 1);
        }

        return $"Hint for {Label}: {Formula}";
    }
}
