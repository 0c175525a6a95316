using System.Text;
using System.Text.Json;
using ServingBook;
using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;
using ServingNotebooks.Tests.Grading;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// One class of three students (exercises 1 and 2 of the real workbook) graded every way: locally, as a Canvas download,
/// on Gradescope (each student's upload in another shape), and as GitHub Classroom steps (one per exercise). Every way runs
/// its own worker processes and kernels; the tests compare what each view says with the local gradebook.
/// </summary>
public sealed class GradedEveryWayFixture : IAsyncLifetime
{
    /// <summary>Canvas user ids of the students.</summary>
    public static readonly IReadOnlyDictionary<string, string> CanvasIds = new Dictionary<string, string>
    {
        ["correct"] = "101",
        ["partial"] = "102",
        ["wrong"] = "103",
    };

    public static IReadOnlyList<Exercise> Exercises { get; } = [.. GradingSpec.Exercises.Take(2)];

    public string Root { get; } = PlatformFiles.TempFolder("every-way");

    public string Class => Path.Combine(Root, "class");

    public IReadOnlyList<StudentGrade> Local { get; private set; } = [];

    public PlatformGradeResult Canvas { get; private set; } = null!;

    public Dictionary<string, (GradescopeResults Results, string Json)> Gradescope { get; } = [];

    public Dictionary<(string Student, int Exercise), (int ExitCode, string Json, string StepOutput)> Classroom { get; } = [];

    public static GradingOptions Options(string output) => new()
    {
        OutputDirectory = output,
        SourceDirectory = ServingNotebooks.Tests.Grading.Workbook.Notebooks,
        Exercises = Exercises,

        // Generous: these tests share two cores with builds; a timeout would change a grade and fail the comparison.
        CellTimeout = TimeSpan.FromSeconds(90),
        NotebookTimeout = TimeSpan.FromSeconds(300),
        Parallelism = 2,
    };

    public static string Name(int number) => Path.GetFileName(ServingNotebooks.Tests.Grading.Workbook.Notebook(number));

    /// <summary>The released notebook 01 with L hard-coded: the answer earns its half, the unwritten function's hidden cases nothing.</summary>
    internal static EditableNotebook HalfOf01()
    {
        var notebook = EditableNotebook.Student(1);
        return notebook.Insert(notebook.Find("double Concurrency(") + 1, "double L = 24;");
    }

    public async Task InitializeAsync()
    {
        // correct: 10 + 10; partial: 0 (L hard-coded earns nothing) + 10; wrong: 0 and no notebook 02.
        EditableNotebook.Instructor(1).Save(Path.Combine(Class, "correct", Name(1)));
        EditableNotebook.Instructor(2).Save(Path.Combine(Class, "correct", Name(2)));
        HalfOf01().Save(Path.Combine(Class, "partial", Name(1)));
        EditableNotebook.Instructor(2).Save(Path.Combine(Class, "partial", Name(2)));
        EditableNotebook.Student(1).Save(Path.Combine(Class, "wrong", Name(1)));

        Local = (await ClassGrader.GradeAsync(Class, Options(Path.Combine(Root, "local")))).Students;
        Canvas = await PlatformGrading.GradeAsync(MakeCanvasDownload(), Options(Path.Combine(Root, "canvas")));
        await Task.WhenAll(CanvasIds.Keys.Select(GradeOnGradescopeAsync));
        foreach (var student in CanvasIds.Keys)
        {
            foreach (var exercise in Exercises)
            {
                await GradeOnClassroomAsync(student, exercise);
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The class as Canvas downloads it: flat, renamed; partial is late and re-uploaded notebook 01 (first a blank starter).</summary>
    private string MakeCanvasDownload()
    {
        var download = Path.Combine(Root, "canvas-download");
        Directory.CreateDirectory(download);
        var attachment = 5000;
        foreach (var (student, id) in CanvasIds)
        {
            var late = student == "partial" ? "_LATE" : string.Empty;
            if (student == "partial")
            {
                EditableNotebook.Student(1).Save(Path.Combine(download, $"{student}student{late}_{id}_{attachment++}_{Name(1)}"));
            }

            foreach (var file in Directory.GetFiles(Path.Combine(Class, student)).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var reupload = student == "partial" && name == Name(1) ? Path.GetFileNameWithoutExtension(name) + "-1.ipynb" : name;
                File.Copy(file, Path.Combine(download, $"{student}student{late}_{id}_{attachment++}_{reupload}"));
            }
        }

        return download;
    }

    /// <summary>Each student uploads another shape: a zipped workbook, a folder one level down, loose notebooks.</summary>
    private async Task GradeOnGradescopeAsync(string student)
    {
        var root = Path.Combine(Root, "gradescope-" + student);
        var submission = Path.Combine(root, "submission");
        Directory.CreateDirectory(submission);
        var files = Directory.GetFiles(Path.Combine(Class, student)).Order(StringComparer.Ordinal).ToList();
        switch (student)
        {
            case "correct":
                PlatformFiles.Zip(Path.Combine(submission, "workbook.zip"), [.. files.Select(f => ("workbook/notebooks/" + Path.GetFileName(f), File.ReadAllText(f)))]);
                break;
            case "partial":
                Directory.CreateDirectory(Path.Combine(submission, "my-notebooks"));
                files.ForEach(f => File.Copy(f, Path.Combine(submission, "my-notebooks", Path.GetFileName(f))));
                break;
            default:
                files.ForEach(f => File.Copy(f, Path.Combine(submission, Path.GetFileName(f))));
                break;
        }

        File.WriteAllText(Path.Combine(root, "submission_metadata.json"), $$"""{"users": [{"email": "{{student}}", "name": "Student {{student}}"}]}""");
        var (results, _) = await GradescopeAutograder.RunAsync(root, Options(Path.Combine(root, "unused")));
        lock (Gradescope)
        {
            Gradescope[student] = (results, File.ReadAllText(Path.Combine(root, "results", "results.json")));
        }
    }

    private async Task GradeOnClassroomAsync(string student, Exercise exercise)
    {
        var output = Path.Combine(Root, $"classroom-{student}-{exercise.Number}");
        var githubOutput = Path.Combine(Root, $"github-output-{student}-{exercise.Number}");
        var (console, _) = PlainConsole.Create();
        var code = await ClassroomStep.ExecuteAsync(Path.Combine(Class, student), exercise, Options(output), console, githubOutput);
        Classroom[(student, exercise.Number)] = (code, File.ReadAllText(Path.Combine(output, ClassroomStep.ResultFileName)), File.ReadAllText(githubOutput));
    }
}

[Collection(GradingProcessesCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class OneGradebookManyViewsTests(GradedEveryWayFixture graded) : IClassFixture<GradedEveryWayFixture>
{
    /// <summary>
    /// Points of each part, exercises 1 and 2 ((a) 2, (b) 3, (c) 3, concept questions 1 each, as the spec gives them): the instructor's notebooks
    /// answer every part; "partial" hard-codes L in notebook 01 (nothing: the answer right but hard-coded, the unwritten function's
    /// hidden cases wrong; (b) and (c) still the starter's) and hands in the instructor's 02; "wrong" hands in the starter 01.
    /// </summary>
    private static readonly Dictionary<string, double[]> ExpectedParts = new()
    {
        ["correct"] = [2, 3, 3, 1, 1, 2, 3, 3, 1, 1],
        ["partial"] = [0, 0, 0, 0, 0, 2, 3, 3, 1, 1],
        ["wrong"] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    };

    private static readonly string[] PartNumbers = ["1.a", "1.b", "1.c", "1.q1", "1.q2", "2.a", "2.b", "2.c", "2.q1", "2.q2"];

    private static readonly Dictionary<string, double[]> Expected = new()
    {
        ["correct"] = [10, 10],
        ["partial"] = [0, 10],
        ["wrong"] = [0, 0],
    };

    private StudentGrade Local(string student) => graded.Local.Single(s => s.Student == student);

    [Fact]
    public void The_local_gradebook_has_the_expected_points()
    {
        foreach (var (student, points) in Expected)
        {
            Assert.Equal(points, Local(student).Exercises.Select(e => e.Points));
            Assert.Equal(ExpectedParts[student], Local(student).Exercises.SelectMany(e => e.Parts.Select(p => p.Points)));
            Assert.Equal([2.0, 3, 3, 1, 1, 2, 3, 3, 1, 1], Local(student).Exercises.SelectMany(e => e.Parts.Select(p => p.MaxPoints)));
        }
    }

    [Fact]
    public void Canvas_grades_and_feedback_equal_the_local_ones_with_late_and_reupload_noted()
    {
        foreach (var (student, id) in GradedEveryWayFixture.CanvasIds)
        {
            var canvas = graded.Canvas.Result.Students.Single(s => s.Student == id);
            Assert.Equal(Local(student).Exercises.Select(e => (e.Number, e.Points, string.Join("\n", e.Feedback))), canvas.Exercises.Select(e => (e.Number, e.Points, string.Join("\n", e.Feedback))));
        }

        var partial = graded.Canvas.Canvas!.Students.Single(s => s.StudentId == "102");
        Assert.True(partial.Late);
        Assert.Contains(partial.Notes, n => n.Contains("was replaced by a later upload", StringComparison.Ordinal));
        Assert.False(graded.Canvas.Canvas.Students.Single(s => s.StudentId == "101").Late);
        var feedback = File.ReadAllText(Path.Combine(graded.Root, "canvas", "feedback", "102.md"));
        Assert.Contains("Canvas marked this submission late", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Canvas_import_and_Moodle_files_carry_the_local_totals()
    {
        var roster = CanvasRoster.Parse(
            "Student,ID,SIS User ID,SIS Login ID,Section,Notebooks (77)\n    Points Possible,,,,,20\n"
            + "\"Correct, C\",101,,c@uni.example,A,\n\"Partial, P\",102,,p@uni.example,A,\n\"Wrong, W\",103,,w@uni.example,A,\n\"Absent, A\",104,,a@uni.example,A,\n");
        var report = CanvasImport.Build(roster, graded.Canvas.Result.Students, "Notebooks");
        Assert.Equal(
            "Student,ID,SIS User ID,SIS Login ID,Section,Notebooks (77)\nPoints Possible,,,,,20\n"
            + $"\"Correct, C\",101,,c@uni.example,A,{CsvText.Number(Local("correct").Total)}\n"
            + $"\"Partial, P\",102,,p@uni.example,A,{CsvText.Number(Local("partial").Total)}\n"
            + $"\"Wrong, W\",103,,w@uni.example,A,{CsvText.Number(Local("wrong").Total)}\n"
            + "\"Absent, A\",104,,a@uni.example,A,\n",
            report.Csv);
        Assert.Equal(["104"], report.NoSubmission.Select(s => s.Id));
        Assert.Equal(
            $"Username,Notebooks\ncorrect,{CsvText.Number(Local("correct").Total)}\npartial,{CsvText.Number(Local("partial").Total)}\nwrong,{CsvText.Number(Local("wrong").Total)}\n",
            MoodleImport.ToCsv(graded.Local, "Notebooks"));
    }

    [Fact]
    public void Gradescope_results_are_valid_and_each_test_equals_the_local_part_and_feedback()
    {
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), graded.Gradescope.Keys.Order(StringComparer.Ordinal));
        foreach (var (student, (results, json)) in graded.Gradescope)
        {
            GradescopeSchema.AssertValid(json);
            var local = Local(student);
            Assert.Equal(local.Total, results.Score);
            Assert.Equal(PartNumbers, results.Tests.Select(t => t.Number));
            Assert.Equal(ExpectedParts[student], results.Tests.Select(t => t.Score));
            Assert.Equal(local.Exercises.SelectMany(e => e.Parts.Select(p => (p.Points, p.MaxPoints))), results.Tests.Select(t => (t.Score, t.MaxScore)));
            var markdown = Gradebook.ToMarkdown(local);
            foreach (var exercise in local.Exercises)
            {
                var tests = results.Tests.Where(t => t.Number.StartsWith($"{exercise.Number}.", StringComparison.Ordinal)).ToList();
                AssertFeedbackSplitByPart(Section(markdown, exercise), [], tests.Select(t => (t.Number.Split('.')[1], t.Output)).ToList());
            }
        }
    }

    [Fact]
    public void Classroom_steps_give_each_parts_local_points_and_exit_0_only_for_full_marks()
    {
        foreach (var (student, points) in Expected)
        {
            foreach (var exercise in GradedEveryWayFixture.Exercises)
            {
                var (code, json, stepOutput) = graded.Classroom[(student, exercise.Number)];
                var local = Local(student).Exercises.Single(e => e.Number == exercise.Number);
                var result = JsonDocument.Parse(json).RootElement;
                var tests = result.GetProperty("tests").EnumerateArray().ToList();
                var expected = ExpectedParts[student].Skip(5 * (exercise.Number - 1)).Take(5).ToList();
                Assert.Equal(expected, tests.Select(t => t.GetProperty("score").GetDouble()));
                Assert.Equal(local.Parts.Select(p => p.Points), tests.Select(t => t.GetProperty("score").GetDouble()));
                Assert.Equal(points[exercise.Number - 1], tests.Sum(t => t.GetProperty("score").GetDouble()));
                Assert.Equal(10, result.GetProperty("max_score").GetDouble());
                Assert.Equal(local.Points >= local.MaxPoints ? 0 : 1, code);
                Assert.Equal(local.Points >= local.MaxPoints ? "pass" : "fail", result.GetProperty("status").GetString());
                Assert.Equal(expected.Zip([2.0, 3, 3, 1, 1], (s, max) => s >= max ? "pass" : "fail"), tests.Select(t => t.GetProperty("status").GetString()));

                // Each test's message: the step's notes about the files (the same in every part; a step grades one exercise and
                // names no other exercise's notebook), then the part's lines of the exercise's feedback, the same as
                // feedback/<student>.md.
                var lines = string.Concat(local.Feedback.Select(l => "- " + l.Replace("\n", " ", StringComparison.Ordinal) + "\n"));
                var messages = tests.Select(t => t.GetProperty("message").GetString()!).ToList();
                var notes = messages[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeWhile(l => !lines.Contains(l + "\n", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
                Assert.All(notes, n => Assert.DoesNotContain(exercise.Notebook, n, StringComparison.Ordinal));
                Assert.All(notes, n => Assert.DoesNotContain(GradingSpec.Exercises, e => n.Contains(e.Notebook, StringComparison.OrdinalIgnoreCase)));
                AssertFeedbackSplitByPart(lines, notes, [.. messages.Select((m, i) => (local.Parts[i].Name, m))]);

                // The step output the reporter reads: result=<base64 of the same JSON>.
                Assert.StartsWith("result=", stepOutput, StringComparison.Ordinal);
                Assert.Equal(json, Encoding.UTF8.GetString(Convert.FromBase64String(stepOutput["result=".Length..].TrimEnd('\n'))));
            }
        }
    }

    /// <summary>The "- " lines under one exercise's heading in a student's feedback Markdown.</summary>
    private static string Section(string markdown, ExerciseGrade exercise)
    {
        var heading = $"\n## {exercise.Number}. {exercise.Notebook}\n\n";
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no heading for exercise {exercise.Number} in\n{markdown}");
        start += heading.Length;
        var end = markdown.IndexOf("\n## ", start, StringComparison.Ordinal);
        var section = end < 0 ? markdown[start..] : markdown[start..(end + 1)];
        return string.Concat(section.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l + "\n"));
    }

    /// <summary>
    /// The per-part texts of one exercise hold exactly the exercise's feedback lines (<paramref name="feedback"/>, "- " lines):
    /// each text is the <paramref name="notes"/> then a subsequence of those lines, a text has no other part's "(x)" lines, and
    /// every line of the exercise is in at least one part's text.
    /// </summary>
    private static void AssertFeedbackSplitByPart(string feedback, IReadOnlyList<string> notes, IReadOnlyList<(string Part, string Text)> parts)
    {
        var all = feedback.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.NotEmpty(all);
        var noteLines = notes.Select(n => "- " + n.ReplaceLineEndings(" ")).ToList();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (part, text) in parts)
        {
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            Assert.Equal(noteLines, lines.Take(noteLines.Count));
            var own = lines.Skip(noteLines.Count).ToList();
            Assert.NotEmpty(own);
            Assert.DoesNotContain(own, l => l.StartsWith("- (", StringComparison.Ordinal) && !l.StartsWith($"- ({part}) ", StringComparison.Ordinal));

            // A subsequence: every line is the exercise's, in the exercise's order.
            var at = 0;
            foreach (var line in own)
            {
                at = all.IndexOf(line, at);
                Assert.True(at >= 0, $"part ({part}) says '{line}', which is not in the exercise's feedback:\n{feedback}");
                at++;
                covered.Add(line);
            }
        }

        Assert.Equal(all.ToHashSet(StringComparer.Ordinal), covered);
    }
}
