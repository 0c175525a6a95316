using System.CommandLine;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using Spectre.Console;

namespace ServingBook;

/// <summary>
/// <c>servingbook classroom init [--template .] [--exercises 1-10]</c>: writes the students' practice workflow
/// (<c>.github/workflows/classroom.yml</c>, <see cref="ClassroomWorkflow"/>) into a student template repository, after
/// checking that the template holds nothing secret (<see cref="ClassroomTemplate"/>).
/// <c>servingbook classroom init-grader [--repo .] [--exercises 1-10]</c>: writes the grading workflow
/// (<see cref="ClassroomGraderWorkflow"/>) into the instructor's private repository.
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
            Description = "The student template repository (a student copy: `servingbook release --student-copy`) to write the workflow into.",
            DefaultValueFactory = _ => ".",
        };
        var exercises = new Option<string?>("--exercises", "-e")
        {
            Description = "Exercises of the assignment, e.g. 1-5 (default: those whose notebook is in the template's notebooks/, else all).",
        };
        var init = new Command("init", "Write .github/workflows/classroom.yml (one practice step per exercise, visible checks only, the Classroom reporter) into a student template repository.")
        {
            template,
            exercises,
        };
        init.SetAction(parse => Write(console, parse.GetValue(template)!, parse.GetValue(exercises), student: true));

        var repo = new Option<string>("--repo")
        {
            Description = "The instructor's private repository (this workbook, with the grader) to write the grading workflow into.",
            DefaultValueFactory = _ => ".",
        };
        var graderExercises = new Option<string?>("--exercises", "-e")
        {
            Description = "Exercises of the assignment, e.g. 1-5 (default: all).",
        };
        var initGrader = new Command("init-grader", "Write .github/workflows/grade-classroom.yml into the instructor's private repository: clone the class with gh classroom, grade it with the hidden cases, upload the gradebook.")
        {
            repo,
            graderExercises,
        };
        initGrader.SetAction(parse => Write(console, parse.GetValue(repo)!, parse.GetValue(graderExercises) ?? "", student: false));
        return new Command("classroom", "GitHub Classroom: the students' practice workflow, and the instructor's grading workflow.") { init, initGrader };
    }

    private static int Write(IAnsiConsole console, string target, string? list, bool student)
    {
        var folder = Path.GetFullPath(target);
        var option = student ? "--template" : "--repo";
        if (!Directory.Exists(folder))
        {
            console.MarkupLineInterpolated($"[red]error:[/] {option} {folder}: no such folder");
            return 1;
        }

        var chosen = list is not null ? CommonOptions.ParseExercises(list) : CommonOptions.Released(Path.Combine(folder, "notebooks"));
        if (chosen is null)
        {
            console.MarkupLineInterpolated($"[red]error:[/] --exercises: '{list}' is not a list of exercise numbers 1-{GradingSpec.Exercises.Max(e => e.Number)} (e.g. 1-5 or 1,2,7).");
            return Cli.UsageError;
        }

        if (student && ClassroomTemplate.Problems(folder) is { Count: > 0 } problems)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {option} {folder} is not a student template the workflow may go into:");
            foreach (var problem in problems)
            {
                console.MarkupLineInterpolated($"  {problem}");
            }

            return 1;
        }

        var relative = student ? ClassroomWorkflow.RelativePath : ClassroomGraderWorkflow.RelativePath;
        var yaml = student ? ClassroomWorkflow.Yaml(new ClassroomWorkflowOptions { Exercises = chosen }) : ClassroomGraderWorkflow.Yaml(chosen);
        var file = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Gradebook.WriteAtomically(file, yaml);
        if (student)
        {
            console.MarkupLineInterpolated($"GitHub Classroom practice workflow: {file} ({chosen.Count} exercise step(s), visible checks only: no secret, no hidden case). Grade with the hidden cases from your machine or with `servingbook classroom init-grader`.");
        }
        else
        {
            console.MarkupLineInterpolated($"Grading workflow: {file} ({chosen.Count} exercise(s)). Add the repository secret {ClassroomGraderWorkflow.TokenSecret} (a token that can read the classroom organization's repositories) and run it from the Actions tab with the assignment id.");
        }

        return 0;
    }
}
