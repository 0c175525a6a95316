using System.CommandLine;
using System.Globalization;
using ServingNotebooks.Grading;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// The options several <c>servingbook</c> commands share (<c>--output</c>, <c>--source</c>, timeouts, <c>--parallel</c>,
/// <c>--exercises</c>), built here once so that every command spells, documents and checks them the same way.
/// </summary>
/// <remarks>
/// Each option turns its text into a value exactly once, in its parser, and checks the range there: a bad value is one
/// parse error that names the option and the offending text (the command line then exits with <see cref="Cli.UsageError"/>).
/// Commands read the typed values with <c>parse.GetValue(option)</c> and never look at the text again.
/// </remarks>
public static class CommonOptions
{
    /// <summary>The most notebooks or submissions run at the same time.</summary>
    public const int MaxParallel = 64;

    /// <summary><c>--output</c>, <c>-o</c>: the folder a command writes to.</summary>
    /// <param name="description">What goes in the folder.</param>
    /// <param name="defaultFolder">The folder when the option is not given; null makes the option required.</param>
    public static Option<string> Output(string description, string? defaultFolder)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = description,
            Required = defaultFolder is null,
        };
        if (defaultFolder is not null)
        {
            option.DefaultValueFactory = _ => defaultFolder;
        }

        return option;
    }

    /// <summary>
    /// <c>--source</c>, <c>-s</c>: the instructor's notebooks folder. A given folder must exist; when the option is not
    /// given, <see cref="SourceFolder"/> looks for the workbook's <c>notebooks/</c> folder.
    /// </summary>
    /// <param name="description">What the command takes from the folder.</param>
    public static Option<string?> Source(string description)
    {
        return new Option<string?>("--source", "-s")
        {
            Description = description,
            CustomParser = result =>
            {
                var folder = result.Tokens[0].Value;
                if (!Directory.Exists(folder))
                {
                    result.AddError($"--source: there is no folder '{folder}'.");
                }

                return folder;
            },
        };
    }

    /// <summary>
    /// The folder <paramref name="source"/> names, or the workbook's <c>notebooks/</c> folder in the current folder or a
    /// parent; null (after one error line on <paramref name="console"/>) when the option is absent and no such folder exists.
    /// </summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="source">The command's <see cref="Source"/> option.</param>
    /// <param name="console">Where the error goes.</param>
    public static string? SourceFolder(ParseResult parse, Option<string?> source, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        var folder = parse.GetValue(source) ?? NotebookFiles.FindNotebooksFolder(Environment.CurrentDirectory);
        if (folder is null)
        {
            console.MarkupLineInterpolated(
                $"[red]error:[/] no {NotebookFiles.NotebooksFolder}/ folder in {Environment.CurrentDirectory} or its parents; name the instructor notebooks with --source");
        }

        return folder;
    }

    /// <summary>A number of seconds greater than 0 (and small enough for a <see cref="TimeSpan"/>).</summary>
    /// <param name="name">The option's name, e.g. <c>--timeout</c>.</param>
    /// <param name="description">What the limit applies to.</param>
    /// <param name="defaultSeconds">The value when the option is not given.</param>
    /// <param name="aliases">Short names, e.g. <c>-t</c>.</param>
    public static Option<double> Seconds(string name, string description, double defaultSeconds, params string[] aliases)
    {
        return new Option<double>(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultSeconds,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    result.AddError($"{name}: '{text}' is not a number of seconds.");
                }
                else if (!(seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds / 2))
                {
                    result.AddError($"{name} must be a positive number of seconds, not {text}.");
                }

                return seconds;
            },
        };
    }

    /// <summary><c>--parallel</c>, <c>-p</c>, <c>-j</c>: how many things run at the same time, 1 to <see cref="MaxParallel"/>.</summary>
    /// <param name="description">What runs in parallel.</param>
    /// <param name="defaultCount">The value when the option is not given (clamped to 1 … <see cref="MaxParallel"/>).</param>
    public static Option<int> Parallel(string description, int defaultCount)
    {
        var fallback = Math.Clamp(defaultCount, 1, MaxParallel);
        return new Option<int>("--parallel", "-p", "-j")
        {
            Description = description,
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxParallel)
                {
                    result.AddError($"--parallel must be a whole number from 1 to {MaxParallel}, not '{text}'.");
                }

                return count;
            },
        };
    }

    /// <summary>
    /// <c>--exercises</c>, <c>-e</c>: a list like <c>1-5</c> or <c>1,2,7</c>, parsed once into the exercises it names
    /// (see <see cref="ParseExercises"/>); null when the option is not given.
    /// </summary>
    /// <param name="description">What the exercises are used for.</param>
    public static Option<IReadOnlyList<Exercise>?> Exercises(string description)
    {
        return new Option<IReadOnlyList<Exercise>?>("--exercises", "-e")
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                var exercises = ParseExercises(text);
                if (exercises is null)
                {
                    result.AddError($"--exercises: '{text}' is not a list of exercise numbers 1-{GradingSpec.Exercises[^1].Number} (e.g. 1-5 or 1,2,7).");
                }

                return exercises;
            },
        };
    }

    /// <summary>The exercises named by a list like <c>1-5</c> or <c>1,2,7</c>; all of them for null or blank; null when the list is not valid.</summary>
    /// <param name="list">The option's text.</param>
    public static IReadOnlyList<Exercise>? ParseExercises(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return GradingSpec.Exercises;
        }

        var numbers = new SortedSet<int>();
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2
                || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(range[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                || from < 1 || to > GradingSpec.Exercises[^1].Number || from > to)
            {
                return null;
            }

            for (var n = from; n <= to; n++)
            {
                numbers.Add(n);
            }
        }

        return numbers.Count == 0 ? null : [.. GradingSpec.Exercises.Where(e => numbers.Contains(e.Number))];
    }

    /// <summary>The exercises whose notebook is in the instructor's folder (all of them when none is): what the class was given.</summary>
    /// <param name="sourceDirectory">The instructor's notebooks folder.</param>
    public static IReadOnlyList<Exercise> Released(string sourceDirectory)
    {
        var present = GradingSpec.Exercises.Where(e => File.Exists(Path.Combine(sourceDirectory, e.Notebook))).ToList();
        return present.Count > 0 ? present : GradingSpec.Exercises;
    }
}
