using System.Globalization;

namespace ServingNotebooks.Grading;

/// <summary>What kind of value an exercise's answer is, which decides how it is compared.</summary>
public enum AnswerKind
{
    /// <summary>A real number, compared within a relative tolerance.</summary>
    Number,

    /// <summary>A whole number (int or long), compared exactly.</summary>
    Integer,

    /// <summary>An index or null ("nothing fits"), compared exactly.</summary>
    NullableIndex,

    /// <summary>A list of names, compared as a set (order and case ignored), with partial credit.</summary>
    NameList,
}

/// <summary>
/// One graded exercise: which notebook, which variable holds the answer, which function the learner
/// writes, the library's reference answer, and the hidden inputs the function is also called with.
/// </summary>
/// <remarks>
/// The expected answers come from the ServingMath library for the exercise's own seed inputs (never
/// from the learner's kernel, so changing the inputs earns nothing).
/// </remarks>
public sealed record Exercise
{
    /// <summary>Exercise number, 1 to 10.</summary>
    public required int Number { get; init; }

    /// <summary>The notebook's file name, e.g. "01-littles-law.ipynb".</summary>
    public required string Notebook { get; init; }

    /// <summary>A short title for reports.</summary>
    public required string Title { get; init; }

    /// <summary>The variable that holds the answer after the learner's cells, e.g. "L".</summary>
    public required string AnswerVariable { get; init; }

    /// <summary>How the answer is compared.</summary>
    public required AnswerKind Kind { get; init; }

    /// <summary>The library's answer for the notebook's own inputs.</summary>
    public required object? Expected { get; init; }

    /// <summary>The function the learner writes (null when the exercise has none).</summary>
    public string? FunctionName { get; init; }

    /// <summary>Inputs the function is called with beyond the notebook's own, each with the library's answer.</summary>
    public IReadOnlyList<HiddenCase> HiddenCases { get; init; } = [];

    /// <summary>Points for the exercise.</summary>
    public double Points { get; init; } = 10;

    /// <summary>Relative tolerance for <see cref="AnswerKind.Number"/> answers.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>What to look at when the answer is wrong.</summary>
    public required string Hint { get; init; }
}

/// <summary>A hidden case: the learner's function called with other inputs.</summary>
/// <param name="Arguments">The arguments, in order (double, int, long or double[]).</param>
/// <param name="Expected">The library's answer for these arguments.</param>
public sealed record HiddenCase(IReadOnlyList<object> Arguments, object? Expected)
{
    /// <summary>A hidden case from its expected answer and its arguments, as the spec files write them.</summary>
    /// <param name="expected">The library's answer for these arguments.</param>
    /// <param name="arguments">The arguments, in order.</param>
    public static HiddenCase Of(object? expected, params object[] arguments) => new(arguments, expected);

    /// <summary>The C# call, e.g. <c>Concurrency(5d, 3d)</c>, as it is submitted to the learner's kernel.</summary>
    /// <param name="functionName">The function's name.</param>
    public string Call(string functionName) => $"{functionName}({string.Join(", ", Arguments.Select(Literal))})";

    /// <summary>The arguments as a person reads them, e.g. (5, 3).</summary>
    public string Describe() => $"({string.Join(", ", Arguments.Select(Show))})";

    private static string Literal(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double[] a => $"new double[] {{ {string.Join(", ", a.Select(x => Literal(x)))} }}",
        _ => throw new ArgumentException($"unsupported hidden-case argument type {value.GetType().Name}", nameof(value)),
    };

    private static string Show(object value) => value switch
    {
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        double[] a => $"[{string.Join(", ", a.Select(x => x.ToString("G", CultureInfo.InvariantCulture)))}]",
        _ => value.ToString() ?? string.Empty,
    };
}
