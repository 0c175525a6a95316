using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace ServingNotebooks.Exercises;

/// <summary>
/// What a notebook cell calls (setup.dib imports it: <c>using static ServingNotebooks.Exercises.Notebook;</c>): a part's
/// one-line check, its hints and answer on request, a concept question, a prediction. Everything a check needs — the
/// answer key, the visible cases, the nudge, the formula, the off-limits members — comes from the part's spec
/// (<see cref="Specs"/>), the same spec the grader reads, so a check cell's source shows none of it.
/// </summary>
/// <remarks>
/// Every check follows the same rules: a placeholder or <see cref="NotImplementedException"/> reads "not answered yet";
/// the first miss gets the part's nudge, later misses its formula, and only <see cref="ShowAnswer(int, string)"/> shows
/// the expected value; a function that runs one of the part's answer-key members earns ✘ whatever it returns; a check
/// never throws on a wrong answer (the notebook keeps running).
/// </remarks>
public static class Notebook
{
    /// <summary>The notebooks' data folder, relative to the kernel's working folder (the notebooks folder).</summary>
    private const string DataFolder = "data";

    /// <summary>
    /// Checks one part: runs the learner's call on the notebook's inputs, then the learner's function on each of the part's
    /// visible cases, and compares every result with the library's answer.
    /// </summary>
    /// <typeparam name="T">The answer's type (double, int, long, int?, int[], string[]).</typeparam>
    /// <param name="exercise">The notebook's number. Range: 1 to 10.</param>
    /// <param name="part">The part's letter, "a" or 'a'.</param>
    /// <param name="call">The learner's function called on the notebook's inputs, e.g. <c>() =&gt; MaxRequests(availableGb, kvPerRequestGb)</c>; for a part without a function, the answer itself, e.g. <c>() =&gt; fields</c>.</param>
    /// <returns>✔ when every case is right, ✘ with what to look at, or "not answered yet".</returns>
    /// <example><c>Check(4, "a", () =&gt; MaxRequests(availableGb, kvPerRequestGb))</c></example>
    public static CheckResult Check<T>(int exercise, string part, Expression<Func<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var spec = Part(exercise, part);
        var progress = HintSteps.For(exercise, spec);
        var name = spec.AnswerVariable;

        var seed = Run(spec, call.Compile());
        if (seed.Problem is { } problem)
        {
            return problem;
        }

        var expected = Expected(spec);
        if (!Checks.Matches(spec.Kind, seed.Value, expected, spec.Tolerance, spec.NameSynonyms))
        {
            return progress.Miss($"is {Checks.Show(seed.Value)}");
        }

        if (spec.FunctionName is null || spec.VisibleCases.Count == 0)
        {
            return Pass(name, $"{name} = {Checks.Show(seed.Value)} — correct.");
        }

        if (FunctionCall(call.Body) is not { } function || function.Method.Name != spec.FunctionName)
        {
            return new(name, false, $"✘ {name}: this check calls your {spec.FunctionName} on the notebook's inputs, e.g. "
                + $"Check({exercise}, \"{spec.Name}\", () => {spec.FunctionName}(…)); the call in this cell is not {spec.FunctionName}.");
        }

        foreach (var visible in spec.VisibleCases)
        {
            var shown = $"{spec.FunctionName}{visible.Describe()}";
            var outcome = Run(spec, () => Invoke(function, visible.Arguments));
            if (outcome.Problem is { } caseProblem)
            {
                return caseProblem.Answered ? caseProblem with { Message = caseProblem.Message.Replace($"{name}:", $"{shown}:", StringComparison.Ordinal) } : caseProblem;
            }

            if (!Checks.Matches(spec.Kind, outcome.Value, visible.Expected, spec.Tolerance, spec.NameSynonyms))
            {
                return progress.Miss($"is right for the notebook's inputs, but {shown} gives {Checks.Show(outcome.Value)}");
            }
        }

        return Pass(name, $"{name} = {Checks.Show(seed.Value)} — correct, and right on {spec.VisibleCases.Count} other inputs ({string.Join("; ", spec.VisibleCases.Select(v => spec.FunctionName + v.Describe()))}).");
    }

    /// <summary>The formula of a part (its second hint step). From then on, a miss in that part's check shows the formula too.</summary>
    /// <param name="exercise">The notebook's number. Range: 1 to 10.</param>
    /// <param name="part">The part's letter, "a".</param>
    /// <returns>One line with the formula.</returns>
    /// <example><c>Hint(1, "a")</c></example>
    public static string Hint(int exercise, string part) => HintSteps.For(exercise, Part(exercise, part)).Hint();

    /// <inheritdoc cref="Hint(int, string)"/>
    public static string Hint(int exercise, char part) => Hint(exercise, part.ToString());

    /// <summary>The expected answer of a part for the notebook's own inputs — only on this explicit request.</summary>
    /// <param name="exercise">The notebook's number. Range: 1 to 10.</param>
    /// <param name="part">The part's letter, "a".</param>
    /// <returns>One line with the expected value.</returns>
    public static string ShowAnswer(int exercise, string part)
    {
        var spec = Part(exercise, part);
        if (spec.Question is not null)
        {
            return $"{exercise}({spec.Name}) is a concept question: answer it, and the explanation follows.";
        }

        return $"Answer for {exercise}({spec.Name}): {spec.AnswerVariable} = {Checks.Show(Expected(spec))} for the notebook's inputs. "
            + "Now make your function give it, for any inputs: the check also runs it on inputs of its own.";
    }

    /// <inheritdoc cref="ShowAnswer(int, string)"/>
    public static string ShowAnswer(int exercise, char part) => ShowAnswer(exercise, part.ToString());

    /// <summary>
    /// A concept question: unanswered (an empty answer), it shows the question and its options; answered, ✔ with the
    /// explanation, or ✘ with why the chosen option does not hold. The grader reads the answer variable.
    /// </summary>
    /// <param name="exercise">The notebook's number. Range: 1 to 10.</param>
    /// <param name="question">The question's name, "q1".</param>
    /// <param name="answer">The learner's answer: a letter ("b" or 'b'), or a number for a number question; "" or NaN while unanswered.</param>
    /// <returns>The question, or the verdict with its explanation.</returns>
    /// <example><c>Answer(4, "q1", q1)</c></example>
    public static CheckResult Answer(int exercise, string question, object? answer)
    {
        var spec = Part(exercise, question);
        var q = spec.Question ?? throw new ArgumentException($"{exercise}({spec.Name}) is a part with a function, not a concept question: check it with Check({exercise}, \"{spec.Name}\", …)", nameof(question));
        var points = spec.Points == 1 ? "1 point" : $"{spec.Points.ToString(CultureInfo.InvariantCulture)} points";
        if (Checks.IsPlaceholder(spec.Kind, answer))
        {
            var options = string.Concat(q.Options.Select((o, i) => $"\n({ConceptQuestion.Letter(i)}) {o.Text}"));
            var how = spec.Kind == AnswerKind.Choice ? "a letter in quotes" : "a number";
            return new(spec.Name, false, $"{spec.Name.ToUpperInvariant()} ({points}, not answered yet): {q.Prompt}{options}\nSet {spec.AnswerVariable} to {how} and run this cell again.") { Answered = false };
        }

        if (Checks.Matches(spec.Kind, answer, spec.Expected, spec.Tolerance))
        {
            return Pass(spec.Name, $"✔ {spec.Name}: right. {q.Explanation}");
        }

        if (spec.Kind == AnswerKind.Choice)
        {
            var letter = answer!.ToString()!.Trim().ToLowerInvariant();
            var index = letter.Length == 1 ? letter[0] - 'a' : -1;
            return index >= 0 && index < q.Options.Count
                ? new(spec.Name, false, $"✘ {spec.Name}: not ({letter}). {q.Options[index].WhyNot} Try again.")
                : new(spec.Name, false, $"✘ {spec.Name}: \"{answer}\" is not one of the options ({string.Join(", ", q.Options.Select((_, i) => ConceptQuestion.Letter(i)))}).");
        }

        return new(spec.Name, false, $"✘ {spec.Name}: {Checks.Show(answer)} is not it. {q.Nudge}");
    }

    /// <inheritdoc cref="Answer(int, string, object?)"/>
    public static CheckResult Answer(int exercise, char question, object? answer) => Answer(exercise, question.ToString(), answer);

    /// <summary>
    /// Compares a prediction written before a figure or simulation with what it showed. Blank (NaN), it asks for the
    /// prediction first and shows nothing of the result; written, it says how far off it is and where a gap comes from.
    /// Not graded: the point is to notice the gap. The gap is relative (|p − r| / |r|, "25 % too high") while the two are
    /// within a factor of 2 of each other, and a factor beyond that ("a factor of 728 too low": 200 ms against 145 506 ms,
    /// which the relative gap would call "100 % too low"); a prediction that is itself a percentage is off by percentage
    /// points (50 % against 29 % is "21 percentage points too high", not a percentage of a percentage).
    /// </summary>
    /// <param name="exercise">The notebook's number. Range: 1 to 15.</param>
    /// <param name="variable">The prediction's variable, e.g. "predictedL".</param>
    /// <param name="predicted">The learner's prediction (NaN when none was written).</param>
    /// <param name="actual">What the figure or simulation showed.</param>
    /// <returns>One line.</returns>
    /// <example><c>Prediction(1, "predictedL", predictedL, measured.MeanConcurrency)</c></example>
    public static string Prediction(int exercise, string variable, double predicted, double actual)
    {
        var spec = Specs.Exercise(exercise).FindPrediction(variable)
            ?? throw new ArgumentException($"notebook {exercise} asks for no prediction named {variable}; its predictions are {string.Join(", ", Specs.Exercise(exercise).Predictions.Select(p => p.Variable))}", nameof(variable));
        if (double.IsNaN(predicted))
        {
            return $"Predict first: write your guess in {variable} (its cell above) — {spec.Question} — run that cell, then this one. The result stays hidden until you do.";
        }

        var unit = spec.Unit.Length == 0 ? "" : " " + spec.Unit;
        var gap = actual == 0 ? double.NaN : (predicted - actual) / Math.Abs(actual);
        if (!double.IsNaN(gap) && Math.Abs(gap) <= 0.1)
        {
            return $"{variable}: you predicted {Show(predicted)}{unit}; the result is {Show(actual)}{unit} — within 10 %, well predicted.";
        }

        var direction = predicted > actual ? "high" : "low";
        var factor = predicted * actual > 0 ? Math.Max(predicted / actual, actual / predicted) : double.NaN;
        var how = spec.Unit == "%" ? $"{Show(Math.Abs(predicted - actual))} percentage points too {direction}"
            : double.IsNaN(gap) ? $"{Show(Math.Abs(predicted - actual))}{unit} off"
            : factor >= 2 ? $"a factor of {factor.ToString(factor < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture)} too {direction}"
            : $"{Math.Abs(gap).ToString("P0", CultureInfo.InvariantCulture)} too {direction}";
        return $"{variable}: you predicted {Show(predicted)}{unit}; the result is {Show(actual)}{unit} ({how}). Why: {spec.Reason}";
    }

    /// <summary>The part's spec, with the error a learner understands when the number or letter is wrong.</summary>
    internal static ExercisePart Part(int exercise, string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return Specs.Exercise(exercise).Part(part);
    }

    /// <summary>The library's answer for the notebook's inputs (for a part whose inputs come from data/, computed from it once).</summary>
    internal static object? Expected(ExercisePart spec) =>
        spec.ExpectedFromData is null ? spec.Expected : FromData.GetOrAdd(spec, s => s.ExpectedFromData!(DataFolder));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ExercisePart, object?> FromData = new(ReferenceEqualityComparer.Instance);

    private static (object? Value, CheckResult? Problem) Run<T>(ExercisePart spec, Func<T> call)
    {
        var name = spec.AnswerVariable;
        object? value;
        IReadOnlyList<string> used;
        try
        {
            using var watch = AnswerKey.Watch();
            value = call();
            used = watch.Used(spec.OffLimits);
        }
        catch (Exception e) when (Unwrap(e) is NotImplementedException)
        {
            return (null, NotAnswered(name));
        }
        catch (Exception e)
        {
            var inner = Unwrap(e);
            return (null, new(name, false, $"✘ {name}: your function threw {inner.GetType().Name}: {inner.Message}"));
        }

        if (used.Count > 0)
        {
            return (null, new(name, false,
                $"✘ {name}: write it yourself: {string.Join(" and ", used)} {(used.Count == 1 ? "is" : "are")} the answer key. "
                + "Use the library's building blocks, not the member that computes this part's answer."));
        }

        return Checks.IsPlaceholder(spec.Kind, value) ? (value, NotAnswered(name)) : (value, null);
    }

    /// <summary>The learner's function in the check's lambda: <c>() =&gt; F(x, y)</c>, possibly converted (<c>(double)F(x)</c>).</summary>
    private static MethodCallExpression? FunctionCall(Expression body) => body switch
    {
        MethodCallExpression call => call,
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert => FunctionCall(convert.Operand),
        _ => null,
    };

    /// <summary>Calls the learner's function with a case's arguments, each converted to its parameter's type (an int case for a double parameter).</summary>
    private static object? Invoke(MethodCallExpression function, IReadOnlyList<object> arguments)
    {
        var parameters = function.Method.GetParameters();
        if (parameters.Length != arguments.Count)
        {
            throw new ArgumentException($"{function.Method.Name} takes {parameters.Length} parameters; the exercise calls it with {arguments.Count}. Keep the starter's signature.");
        }

        var values = arguments.Select((a, i) => Expression.Constant(Convert(a, parameters[i].ParameterType), parameters[i].ParameterType));
        var call = Expression.Call(function.Object, function.Method, values);
        return Expression.Lambda<Func<object?>>(Expression.Convert(call, typeof(object))).Compile()();
    }

    private static object? Convert(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value.GetType() == target || !target.IsPrimitive || value is not IConvertible
            ? value
            : System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    private static CheckResult Pass(string name, string message) => new(name, true, message.StartsWith('✔') ? message : $"✔ {message}");

    private static CheckResult NotAnswered(string name) =>
        new(name, false, $"… {name}: not answered yet — complete the function, run its cell, then this check.") { Answered = false };

    /// <summary>
    /// A number as a prediction's feedback shows it: four significant digits ("3.443", "29.03"), and whole numbers with
    /// thousands separators from 10 000 on ("145,506", not G4's "1.455E+05", which a learner cannot read at a glance).
    /// </summary>
    private static string Show(double value) => Math.Abs(value) >= 10_000 && double.IsFinite(value)
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("G4", CultureInfo.InvariantCulture);
}
