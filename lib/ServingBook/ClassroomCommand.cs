using System.CommandLine;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// <c>servingbook classroom init --grader-repo owner/name [--template .] [--exercises 1-10]</c>: writes
/// <c>.github/workflows/classroom.yml</c> into a student template repository, one autograding step per exercise (see
/// <see cref="ClassroomWorkflow"/>).
/// </summary>
public static class ClassroomCommand
{
    /// <summary>Creates the <c>classroom</c> command.</summary>
    /// <param name="console">Where the command writes.</param>
    public static Command Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var template = new Option<string>("--template")
        {
            Description = "The student template repository (the released workbook) to write the workflow into.",
            DefaultValueFactory = _ => ".",
        };
        var graderRepo = new Option<string>("--grader-repo")
        {
            Description = "The instructor's private repository (owner/name) holding this workbook and grader; the workflow checks it out with the GRADER_TOKEN secret.",
            Required = true,
        };
        var graderRef = new Option<string>("--grader-ref")
        {
            Description = "Branch or tag of the grader repository.",
            DefaultValueFactory = _ => "main",
        };
        var exercises = new Option<string?>("--exercises", "-e")
        {
            Description = "Exercises to grade, e.g. 1-5 (default: those whose notebook is in the template's notebooks/, else all).",
        };
        var init = new Command("init", "Write .github/workflows/classroom.yml (one step per exercise, the Classroom reporter) into a template repository.")
        {
            template,
            graderRepo,
            graderRef,
            exercises,
        };
        init.SetAction(parse =>
        {
            var folder = Path.GetFullPath(parse.GetValue(template)!);
            if (!Directory.Exists(folder))
            {
                console.MarkupLineInterpolated($"[red]error:[/] --template {folder}: no such folder");
                return 1;
            }

            var list = parse.GetValue(exercises);
            var chosen = list is not null ? CommonOptions.ParseExercises(list) : CommonOptions.Released(Path.Combine(folder, "notebooks"));
            if (chosen is null)
            {
                console.MarkupLineInterpolated($"[red]error:[/] --exercises: '{list}' is not a list of exercise numbers 1-{GradingSpec.Exercises[^1].Number} (e.g. 1-5 or 1,2,7).");
                return Cli.UsageError;
            }

            try
            {
                var yaml = ClassroomWorkflow.Yaml(new ClassroomWorkflowOptions
                {
                    Exercises = chosen,
                    GraderRepository = parse.GetValue(graderRepo)!,
                    GraderRef = parse.GetValue(graderRef)!,
                });
                var file = Path.Combine(folder, ClassroomWorkflow.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                Gradebook.WriteAtomically(file, yaml);
                console.MarkupLineInterpolated($"GitHub Classroom workflow: {file} ({chosen.Count} exercise step(s)). Add the secret GRADER_TOKEN (read access to the grader repository) to the classroom's organization.");
                return 0;
            }
            catch (ArgumentException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return Cli.UsageError;
            }
        });
        return new Command("classroom", "Grade on GitHub Classroom: write the autograding workflow into a template repository.") { init };
    }
}
