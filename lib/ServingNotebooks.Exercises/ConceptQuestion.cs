namespace ServingNotebooks.Exercises;

/// <summary>
/// A short graded question at the end of a notebook about judgement rather than arithmetic: multiple choice (options
/// "a", "b", …) or a number. The notebook's <c>Answer(4, "q1", q1)</c> shows it while unanswered, then says ✔ with the
/// explanation, or ✘ with why the chosen option does not hold (never the right letter); the grader scores the answer
/// variable like a part's.
/// </summary>
public sealed record ConceptQuestion
{
    /// <summary>The question, one or two sentences.</summary>
    public required string Prompt { get; init; }

    /// <summary>The options, "a" first; empty for a question answered with a number.</summary>
    public IReadOnlyList<ChoiceOption> Options { get; init; } = [];

    /// <summary>Why the right answer is right: shown once the learner has it.</summary>
    public required string Explanation { get; init; }

    /// <summary>For a number question: what to reconsider after a wrong number (never the number). Empty for a choice.</summary>
    public string Nudge { get; init; } = "";

    /// <summary>The letter of option <paramref name="index"/> (0 → "a").</summary>
    /// <param name="index">The option's position. Range: 0 to 25.</param>
    public static string Letter(int index) => ((char)('a' + index)).ToString();
}

/// <summary>One option of a multiple-choice concept question.</summary>
/// <param name="Text">The option as the learner reads it.</param>
/// <param name="WhyNot">For a wrong option: why it does not hold, shown when the learner picks it. Empty for the right one.</param>
public sealed record ChoiceOption(string Text, string WhyNot = "");
