using System.CommandLine;
using ServingNotebooks.Grading;

namespace ServingBook;

/// <summary>
/// The options every command that grades shares (<c>grade</c>, <c>gradescope run</c>, and <c>gradescope build</c>, which
/// writes them into the bundle): <c>--exercises</c>, <c>--timeout</c>, <c>--notebook-timeout</c> and, where notebooks run
/// here, <c>--sandbox</c>; built once, added to a command in one call, and read back into <see cref="GradingOptions"/> in one
/// place. Each command keeps its own help text (where the default exercises come from, what the sandbox falls back to).
/// </summary>
public sealed class GradingCommandOptions
{
    private GradingCommandOptions(Option<IReadOnlyList<Exercise>?> exercises, Option<double> timeout, Option<double> notebookTimeout, Option<SandboxMode>? sandbox)
    {
        Exercises = exercises;
        Timeout = timeout;
        NotebookTimeout = notebookTimeout;
        Sandbox = sandbox;
    }

    /// <summary><c>--exercises</c>, <c>-e</c> (<see cref="CommonOptions.Exercises"/>).</summary>
    public Option<IReadOnlyList<Exercise>?> Exercises { get; }

    /// <summary><c>--timeout</c>, <c>-t</c>: the per-cell limit in seconds (default <see cref="GradeCommand.DefaultCellTimeoutSeconds"/>).</summary>
    public Option<double> Timeout { get; }

    /// <summary><c>--notebook-timeout</c>: the per-notebook limit in seconds (default <see cref="GradeCommand.DefaultNotebookTimeoutSeconds"/>).</summary>
    public Option<double> NotebookTimeout { get; }

    /// <summary><c>--sandbox</c> (default auto), or null for a command that runs no notebook here.</summary>
    public Option<SandboxMode>? Sandbox { get; }

    /// <summary>Builds the options.</summary>
    /// <param name="exercisesFrom">Where the default exercises come from: "those whose notebook is in …" (e.g. "the source folder").</param>
    /// <param name="sandbox">Help for <c>--sandbox</c>; null: the command has no such option.</param>
    /// <param name="timeout">Help for <c>--timeout</c>; null: "Per-cell timeout in seconds."</param>
    /// <param name="notebookTimeout">Help for <c>--notebook-timeout</c>; null: "Per-notebook timeout in seconds (kernel start included)."</param>
    public static GradingCommandOptions Create(string exercisesFrom, string? sandbox, string? timeout = null, string? notebookTimeout = null) => new(
        CommonOptions.Exercises($"Exercises to grade, e.g. 1-5 or 1,2,7 (default: those whose notebook is in {exercisesFrom})."),
        CommonOptions.Seconds("--timeout", timeout ?? "Per-cell timeout in seconds.", GradeCommand.DefaultCellTimeoutSeconds, "-t"),
        CommonOptions.Seconds("--notebook-timeout", notebookTimeout ?? "Per-notebook timeout in seconds (kernel start included).", GradeCommand.DefaultNotebookTimeoutSeconds),
        sandbox is null ? null : new Option<SandboxMode>("--sandbox") { Description = sandbox, DefaultValueFactory = _ => SandboxMode.Auto });

    /// <summary>A new command with <paramref name="first"/> (its own arguments and options, in order), then these options.</summary>
    /// <param name="name">The command's name.</param>
    /// <param name="description">The command's help line.</param>
    /// <param name="first">The command's own arguments and options.</param>
    public Command NewCommand(string name, string description, params Symbol[] first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var command = new Command(name, description);
        foreach (var symbol in first)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{symbol.Name} is neither an argument nor an option", nameof(first));
            }
        }

        command.Options.Add(Exercises);
        command.Options.Add(Timeout);
        command.Options.Add(NotebookTimeout);
        if (Sandbox is not null)
        {
            command.Options.Add(Sandbox);
        }

        return command;
    }

    /// <summary>
    /// The grading options the command line asked for: the exercises given (default: those released in
    /// <paramref name="sourceDirectory"/>), the two limits, the sandbox, and a memory limit per worker for
    /// <paramref name="parallelism"/> workers at once.
    /// </summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="outputDirectory">Where the gradebook goes.</param>
    /// <param name="sourceDirectory">The instructor's notebooks folder.</param>
    /// <param name="parallelism">Submissions graded at once.</param>
    public GradingOptions Read(ParseResult parse, string outputDirectory, string sourceDirectory, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new GradingOptions
        {
            OutputDirectory = outputDirectory,
            SourceDirectory = sourceDirectory,
            Exercises = parse.GetValue(Exercises) ?? CommonOptions.Released(sourceDirectory),
            CellTimeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
            NotebookTimeout = TimeSpan.FromSeconds(parse.GetValue(NotebookTimeout)),
            Parallelism = parallelism,
            MemoryLimitBytes = GradingOptions.DefaultMemoryLimitBytes(Math.Max(1, parallelism)),
            Sandbox = Sandbox is null ? SandboxMode.Auto : parse.GetValue(Sandbox),
        };
    }
}
