using System.CommandLine;
using System.Globalization;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;

namespace ServingBook;

/// <summary>What <c>grade</c> writes for the platforms beside the local gradebook.</summary>
/// <param name="Roster">Canvas's exported gradebook (<c>--roster</c>): write <c>canvas-import.csv</c>.</param>
/// <param name="Assignment">The assignment column's name in Canvas (and the Moodle grade item).</param>
/// <param name="Moodle">Write <c>moodle-import.csv</c>.</param>
public sealed record PlatformExports(CanvasRoster? Roster, string Assignment, bool Moodle);

/// <summary>
/// The options <c>grade</c> takes for the platforms: <c>--roster</c>, <c>--assignment</c> and <c>--moodle</c> (grade import files
/// for Canvas and Moodle), and <c>--student</c>, <c>--exercise</c>, <c>--classroom</c> (one exercise of one student, as a
/// GitHub Classroom step). Kept apart from <see cref="GradeCommand"/> so the local grading options stay as they are.
/// </summary>
public sealed class PlatformGradeOptions
{
    /// <summary>The default name of the assignment column and grade item.</summary>
    public const string DefaultAssignment = "ServingNotebooks";

    private PlatformGradeOptions(Command command)
    {
        Student = new Option<string?>("--student")
        {
            Description = "One student's folder (or notebook, or zip) to grade; the same as giving it as the submissions argument.",
        };
        Exercise = new Option<int?>("--exercise")
        {
            Description = $"With --classroom: the one exercise to grade (1-{GradingSpec.Exercises[^1].Number}).",
        };
        Exercise.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1
                && (!int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || !GradingSpec.Exercises.Any(e => e.Number == n)))
            {
                result.AddError($"--exercise must be an exercise number from {string.Join(", ", GradingSpec.Exercises.Select(e => e.Number))}, not '{result.Tokens[0].Value}'.");
            }
        });
        Classroom = new Option<bool>("--classroom")
        {
            Description = "GitHub Classroom step: grade --exercise of --student, write the reporter's result (classroom-result.json, and the step output 'result'), exit 0 only for full marks.",
        };
        Roster = new Option<string?>("--roster")
        {
            Description = "Canvas's exported gradebook (CSV); write canvas-import.csv for Canvas's gradebook import.",
        };
        Assignment = new Option<string>("--assignment")
        {
            Description = "The assignment's name in Canvas (as in the roster's column, with or without its ' (id)'), or the Moodle grade item.",
            DefaultValueFactory = _ => DefaultAssignment,
        };
        Moodle = new Option<bool>("--moodle")
        {
            Description = "Write moodle-import.csv for Moodle's grade import (identifier column, then the grade).",
        };
        command.Options.Add(Student);
        command.Options.Add(Exercise);
        command.Options.Add(Classroom);
        command.Options.Add(Roster);
        command.Options.Add(Assignment);
        command.Options.Add(Moodle);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Classroom) && result.GetValue(Exercise) is null)
            {
                result.AddError("--classroom grades one exercise: give --exercise N.");
            }

            if (result.GetValue(Exercise) is not null && !result.GetValue(Classroom))
            {
                result.AddError("--exercise is for --classroom; to grade some exercises of a class use --exercises (e.g. -e 1-5).");
            }
        });
    }

    /// <summary>--student.</summary>
    public Option<string?> Student { get; }

    /// <summary>--exercise.</summary>
    public Option<int?> Exercise { get; }

    /// <summary>--classroom.</summary>
    public Option<bool> Classroom { get; }

    /// <summary>--roster.</summary>
    public Option<string?> Roster { get; }

    /// <summary>--assignment.</summary>
    public Option<string> Assignment { get; }

    /// <summary>--moodle.</summary>
    public Option<bool> Moodle { get; }

    /// <summary>Adds the platform options to <paramref name="command"/>.</summary>
    /// <param name="command">The <c>grade</c> command.</param>
    public static PlatformGradeOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new PlatformGradeOptions(command);
    }

    /// <summary>The exports asked for; the roster is read now, so a bad one stops the run before any grading.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <exception cref="RosterException">The roster cannot be used (one line).</exception>
    public PlatformExports Exports(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var roster = parse.GetValue(Roster) is { } path ? CanvasRoster.Load(path) : null;
        return new PlatformExports(roster, parse.GetValue(Assignment) ?? DefaultAssignment, parse.GetValue(Moodle));
    }
}
