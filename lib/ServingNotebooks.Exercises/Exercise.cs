using System.Globalization;

namespace ServingNotebooks.Exercises;

/// <summary>What kind of value an exercise's answer is, which decides how it is compared.</summary>
public enum AnswerKind
{
    /// <summary>A real number, compared within a relative tolerance.</summary>
    Number,

    /// <summary>A whole number (int or long), compared exactly.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The kind of answer a learner reads: an integer.")]
    Integer,

    /// <summary>An index or null ("nothing fits"), compared exactly.</summary>
    NullableIndex,

    /// <summary>A list of names, compared as a set (order and case ignored), with partial credit.</summary>
    NameList,

    /// <summary>An ordered list of indexes (e.g. a Pareto front), compared exactly, order included.</summary>
    IndexList,

    /// <summary>A concept question's letter ("a", "b", …), compared ignoring case and surrounding spaces.</summary>
    Choice,
}

/// <summary>
/// One graded exercise: a notebook with several parts, each a function the learner writes, and the predictions the
/// notebook asks for before a figure (reported, not graded).
/// </summary>
/// <remarks>
/// Part (a) is the notebook's original exercise. The expected answers come from the ServingMath library for the
/// notebook's own seed inputs (never from the learner's kernel, so changing the inputs earns nothing).
/// </remarks>
public sealed record Exercise
{
    /// <summary>Exercise number, 1 to 10.</summary>
    public required int Number { get; init; }

    /// <summary>The notebook's file name, e.g. "01-littles-law.ipynb".</summary>
    public required string Notebook { get; init; }

    /// <summary>A short title for reports.</summary>
    public required string Title { get; init; }

    /// <summary>The graded parts, (a) first, then the concept questions ("q1", "q2", …; each part's <see cref="ExercisePart.Question"/> is set).</summary>
    public required IReadOnlyList<ExercisePart> Parts { get; init; }

    /// <summary>The predictions the notebook asks for (read and reported, never graded).</summary>
    public IReadOnlyList<Prediction> Predictions { get; init; } = [];

    /// <summary>Points for the exercise: the sum of its parts'.</summary>
    public double Points => Parts.Sum(p => p.Points);

    /// <summary>Part (a), the original exercise.</summary>
    public ExercisePart First => Parts[0];

    /// <summary>The part named <paramref name="name"/> ("a", "b", … or a concept question "q1", …), ignoring case.</summary>
    /// <param name="name">The part's letter or the question's name.</param>
    public ExercisePart Part(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"notebook {Number} has no part \"{name}\"; its parts are {string.Join(", ", Parts.Select(p => $"\"{p.Name}\""))}", nameof(name));

    /// <summary>The part named <paramref name="name"/>, ignoring case and surrounding spaces, or null.</summary>
    /// <param name="name">The part's letter or the question's name.</param>
    public ExercisePart? Find(string? name) =>
        Parts.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The concept questions, in order.</summary>
    public IEnumerable<ExercisePart> Questions => Parts.Where(p => p.Question is not null);

    /// <summary>The prediction whose variable is <paramref name="variable"/>, or null.</summary>
    /// <param name="variable">The prediction's variable, e.g. "predictedL".</param>
    public Prediction? FindPrediction(string variable) => Predictions.FirstOrDefault(p => p.Variable == variable);

    /// <summary>
    /// The exercise with every part's expected answer computed: parts whose inputs come from <c>data/</c> are computed from
    /// <paramref name="dataDirectory"/> (the instructor's, never a submission's).
    /// </summary>
    /// <param name="dataDirectory">The instructor's <c>notebooks/data</c> folder.</param>
    public Exercise Resolve(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return Parts.Any(p => p.ExpectedFromData is not null)
            ? this with { Parts = [.. Parts.Select(p => p.ExpectedFromData is { } compute ? p with { Expected = compute(dataDirectory), ExpectedFromData = null } : p)] }
            : this;
    }

    /// <summary>The variables a grading worker reads after the learner's cells: each part's answer, then each prediction.</summary>
    public IReadOnlyList<string> VariablesToRead() => [.. Parts.Select(p => p.AnswerVariable), .. Predictions.Select(p => p.Variable)];

    /// <summary>The calls a grading worker evaluates, part after part, each part's hidden cases in order.</summary>
    public IReadOnlyList<string> HiddenCalls() =>
        [.. Parts.Where(p => p.FunctionName is not null).SelectMany(p => p.HiddenCases.Select(h => h.Call(p.FunctionName!)))];

    /// <summary>This exercise with each part's hidden cases set from <paramref name="hiddenCases"/> (by part letter; the grader's).</summary>
    /// <param name="hiddenCases">The hidden cases of each part that has any.</param>
    public Exercise WithHiddenCases(IReadOnlyDictionary<string, IReadOnlyList<PartCase>> hiddenCases)
    {
        ArgumentNullException.ThrowIfNull(hiddenCases);
        return this with { Parts = [.. Parts.Select(p => hiddenCases.TryGetValue(p.Name, out var cases) ? p with { HiddenCases = cases } : p)] };
    }
}

/// <summary>
/// One graded part of an exercise — the one source of truth for it: the variable that holds its answer, the function the
/// learner writes, the library's answer for the notebook's inputs, the visible cases the notebook's check also runs, the
/// nudge and the formula (the hint steps), the members that are off limits because they compute the answer, and the points.
/// The grader adds the hidden cases (<see cref="Exercise.WithHiddenCases"/>), which never ship with this library.
/// </summary>
public sealed record ExercisePart
{
    /// <summary>The part's letter: "a" (the original exercise), "b", "c", ….</summary>
    public required string Name { get; init; }

    /// <summary>A short title for reports.</summary>
    public required string Title { get; init; }

    /// <summary>The variable that holds the answer after the learner's cells, e.g. "L".</summary>
    public required string AnswerVariable { get; init; }

    /// <summary>How the answer is compared.</summary>
    public required AnswerKind Kind { get; init; }

    /// <summary>The library's answer for the notebook's inputs (for a part whose inputs come from <c>data/</c>: set by <see cref="Exercise.Resolve"/>).</summary>
    public object? Expected { get; init; }

    /// <summary>
    /// For a part whose inputs come from the notebook's <c>data/</c> folder (a simulated trace, the H100 measurements):
    /// computes the library's answer from that folder. Null for parts with inputs written in the notebook.
    /// </summary>
    public Func<string, object?>? ExpectedFromData { get; init; }

    /// <summary>The function the learner writes (null when the part has none).</summary>
    public string? FunctionName { get; init; }

    /// <summary>
    /// Inputs of its own, besides the notebook's, that the notebook's check calls the learner's function with (like
    /// otter-grader's public tests), each with the library's answer: a constant or a special case for the notebook's inputs
    /// fails in the notebook. At least two for every part with a function.
    /// </summary>
    public IReadOnlyList<PartCase> VisibleCases { get; init; } = [];

    /// <summary>The grader's inputs for the function, each with the library's answer; empty in the exercises library (the grader sets them).</summary>
    public IReadOnlyList<PartCase> HiddenCases { get; init; } = [];

    /// <summary>For a concept question: its prompt, options and explanation; null for a part with a function.</summary>
    public ConceptQuestion? Question { get; init; }

    /// <summary>
    /// The library members that are this part's answer key, "Topic.Member" (e.g. "Queueing.LittlesLaw"): a function that
    /// runs one while a hidden case is evaluated gets 0 for the part.
    /// </summary>
    public IReadOnlyList<string> OffLimits { get; init; } = [];

    /// <summary>
    /// For a <see cref="AnswerKind.NameList"/> part: other documented names that count as an expected one (synonym → name,
    /// compared case-insensitively), e.g. a vLLM metric name for a trace field. Null when only the expected names count.
    /// </summary>
    public IReadOnlyDictionary<string, string>? NameSynonyms { get; init; }

    /// <summary>Points for the part.</summary>
    public double Points { get; init; } = 10;

    /// <summary>Relative tolerance for <see cref="AnswerKind.Number"/> answers.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// What to look at, without the formula or the answer: the words of the notebook's check cell on a first miss, given in
    /// the feedback of a part that is wrong or not answered.
    /// </summary>
    public required string Nudge { get; init; }

    /// <summary>The formula, given in the feedback of a part that is wrong (never the expected value).</summary>
    public required string Hint { get; init; }
}

/// <summary>A prediction the notebook asks for before it shows the answer: read from the kernel and reported, never graded.</summary>
/// <param name="Variable">The variable, e.g. "predictedP99Ms" (NaN in the starter).</param>
/// <param name="Question">What it predicts, for reports.</param>
public sealed record Prediction(string Variable, string Question)
{
    /// <summary>The unit the prediction is in, e.g. "requests" or "ms".</summary>
    public string Unit { get; init; } = "";

    /// <summary>Where the gap usually comes from: shown with the comparison when the prediction is more than 10 % off.</summary>
    public string Reason { get; init; } = "";
}

/// <summary>A case of a part: the learner's function called with these inputs should give the library's answer.</summary>
/// <param name="Arguments">The arguments, in order (double, int, long, double[], int[] or double[][], e.g. one histogram per replica).</param>
/// <param name="Expected">The library's answer for these arguments.</param>
public sealed record PartCase(IReadOnlyList<object> Arguments, object? Expected)
{
    /// <summary>A case from its expected answer and its arguments, as the spec files write them.</summary>
    /// <param name="expected">The library's answer for these arguments.</param>
    /// <param name="arguments">The arguments, in order.</param>
    public static PartCase Of(object? expected, params object[] arguments) => new(arguments, expected);

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
        int[] a => $"new int[] {{ {string.Join(", ", a.Select(x => Literal(x)))} }}",
        double[][] rows => $"new double[][] {{ {string.Join(", ", rows.Select(r => Literal(r)))} }}",
        _ => throw new ArgumentException($"unsupported hidden-case argument type {value.GetType().Name}", nameof(value)),
    };

    private static string Show(object value) => value switch
    {
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        double[] a => $"[{string.Join(", ", a.Select(x => x.ToString("G", CultureInfo.InvariantCulture)))}]",
        int[] a => $"[{string.Join(", ", a.Select(x => x.ToString(CultureInfo.InvariantCulture)))}]",
        double[][] rows => $"[{string.Join(", ", rows.Select(Show))}]",
        _ => value.ToString() ?? string.Empty,
    };
}
