using System.Collections;
using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>How running one submitted notebook went, as far as the grader is concerned.</summary>
public enum NotebookOutcome
{
    /// <summary>The notebook ran (some cells may have failed); values were read from its kernel.</summary>
    Ran,

    /// <summary>The file was missing from the submission.</summary>
    Missing,

    /// <summary>The file is not a notebook the grader can read (invalid JSON, not nbformat 4, no C# cells).</summary>
    Unreadable,

    /// <summary>The notebook did not finish within its time limit; its process was killed.</summary>
    TimedOut,

    /// <summary>The process running the notebook ended on its own (Environment.Exit, stack overflow, a crash).</summary>
    Crashed,
}

/// <summary>
/// A value read from a learner's kernel, reduced to what grading needs. It crosses the process boundary
/// as JSON, so it holds plain data only.
/// </summary>
public sealed record ObservedValue
{
    /// <summary>False when the variable does not exist, or the call could not be made.</summary>
    public bool Defined { get; init; }

    /// <summary>The value's C# type, e.g. "double", "int", "string[]", or "null".</summary>
    public string? TypeName { get; init; }

    /// <summary>The value as a real number, when it is one.</summary>
    public double? Number { get; init; }

    /// <summary>The value as a whole number, when it is one.</summary>
    public long? Integer { get; init; }

    /// <summary>True when the value is null.</summary>
    public bool IsNull { get; init; }

    /// <summary>The value as text, when it is a string or a char (a concept question's letter; at most 200 characters kept).</summary>
    public string? Text { get; init; }

    /// <summary>The value as a list of strings, when it is one.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The value as a list of whole numbers (an index list such as a Pareto front), when it is one.</summary>
    public IReadOnlyList<long>? Integers { get; init; }

    /// <summary>
    /// For a hidden call: the library's answer-key members that ran while it was evaluated ("Queueing.LittlesLaw"),
    /// null when the call was not watched.
    /// </summary>
    public IReadOnlyList<string>? AnswerKeyUsed { get; init; }

    /// <summary>Why the value could not be obtained (a compile error, an exception), one line.</summary>
    public string? Error { get; init; }

    /// <summary>A variable or call that gave nothing.</summary>
    /// <param name="error">Why, in one line.</param>
    public static ObservedValue Undefined(string error) => new() { Defined = false, Error = error };

    /// <summary>Reduces a kernel value to an observation.</summary>
    /// <param name="value">The value read from the kernel.</param>
    public static ObservedValue From(object? value) => value switch
    {
        null => new() { Defined = true, IsNull = true, TypeName = "null" },
        double d => new() { Defined = true, TypeName = "double", Number = d },
        float f => new() { Defined = true, TypeName = "float", Number = f },
        decimal m => new() { Defined = true, TypeName = "decimal", Number = (double)m },
        int i => new() { Defined = true, TypeName = "int", Integer = i, Number = i },
        long l => new() { Defined = true, TypeName = "long", Integer = l, Number = l },
        short s => new() { Defined = true, TypeName = "short", Integer = s, Number = s },

        // Unsigned and small integer types are whole numbers too (the same rule as ServingNotebooks.Exercises.AnswerComparison.AsWhole).
        uint u => new() { Defined = true, TypeName = "uint", Integer = u, Number = u },
        ulong u => new() { Defined = true, TypeName = "ulong", Integer = u <= long.MaxValue ? (long)u : null, Number = u },
        ushort u => new() { Defined = true, TypeName = "ushort", Integer = u, Number = u },
        byte b => new() { Defined = true, TypeName = "byte", Integer = b, Number = b },
        sbyte b => new() { Defined = true, TypeName = "sbyte", Integer = b, Number = b },
        nint n => new() { Defined = true, TypeName = "nint", Integer = n, Number = n },
        nuint n => new() { Defined = true, TypeName = "nuint", Integer = n <= long.MaxValue ? (long)n : null, Number = n },
        string s => new() { Defined = true, TypeName = "string", Text = s.Length <= 200 ? s : s[..200] },
        char c => new() { Defined = true, TypeName = "char", Text = c.ToString() },
        IEnumerable<int> indexes => new() { Defined = true, TypeName = FriendlyName(value.GetType()), Integers = [.. indexes.Select(i => (long)i)] },
        IEnumerable<string> names => new() { Defined = true, TypeName = FriendlyName(value.GetType()), Names = [.. names.Select(n => n ?? string.Empty)] },
        IEnumerable e when e.Cast<object?>().All(x => x is string) => new() { Defined = true, TypeName = FriendlyName(value.GetType()), Names = [.. e.Cast<string>()] },
        _ => new() { Defined = true, TypeName = FriendlyName(value.GetType()) },
    };

    /// <summary>The value as a person reads it in feedback.</summary>
    public string Describe()
    {
        if (!Defined)
        {
            return "nothing";
        }

        if (IsNull)
        {
            return "null";
        }

        if (Integer is long l)
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        if (Number is double d)
        {
            return double.IsNaN(d) ? "NaN (no answer yet)" : d.ToString("G10", CultureInfo.InvariantCulture);
        }

        if (Integers is not null)
        {
            return $"[{string.Join(", ", Integers)}]";
        }

        if (Text is not null)
        {
            return $"\"{Text}\"";
        }

        return Names is not null ? $"[{string.Join(", ", Names)}]" : $"a {TypeName}";
    }

    private static string FriendlyName(Type type) => type switch
    {
        _ when type == typeof(string[]) => "string[]",
        _ when type == typeof(int[]) => "int[]",
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>",
        _ => type.Name,
    };
}

/// <summary>What the grader saw when it ran one submitted notebook.</summary>
public sealed record NotebookObservation
{
    /// <summary>The notebook's file name.</summary>
    public required string Notebook { get; init; }

    /// <summary>How the run went.</summary>
    public required NotebookOutcome Outcome { get; init; }

    /// <summary>One line on what went wrong when <see cref="Outcome"/> is not <see cref="NotebookOutcome.Ran"/>.</summary>
    public string? Problem { get; init; }

    /// <summary>One line per failed cell (compile errors, exceptions, cell timeouts), for feedback.</summary>
    public IReadOnlyList<string> CellErrors { get; init; } = [];

    /// <summary>The variables read after the learner's cells (each part's answer, each prediction), by name.</summary>
    public IReadOnlyDictionary<string, ObservedValue> Values { get; init; } = new Dictionary<string, ObservedValue>();

    /// <summary>The learner's functions on each hidden case, in the spec's order (the exercise's <c>HiddenCalls()</c>).</summary>
    public IReadOnlyList<ObservedValue> Hidden { get; init; } = [];

    /// <summary>Seconds the run took.</summary>
    public double Seconds { get; init; }
}
