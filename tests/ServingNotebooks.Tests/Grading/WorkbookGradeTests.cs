using System.Text.Json;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Grades notebooks 6–10 (<see cref="ClassGraderTests"/> grades 1–5) as an instructor would: the instructor notebooks, the
/// released starters unchanged, and a learner whose part 7(c) calls its answer key. Together the two classes grade every
/// notebook: the instructor's 100, the starters' 0 with every part "not answered yet".
/// </summary>
public sealed class WorkbookGradeFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-workbook-").FullName;

    public string Output => Path.Combine(Root, "grades");

    public ClassGradeResult Result { get; private set; } = null!;

    public static IReadOnlyList<Exercise> LastFive => [.. GradingSpec.Exercises.Skip(5)];

    public StudentGrade Student(string name) => Result.Students.Single(s => s.Student == name);

    public async Task InitializeAsync()
    {
        var classFolder = Path.Combine(Root, "class");
        foreach (var exercise in LastFive)
        {
            EditableNotebook.Instructor(exercise.Number).Save(Path.Combine(classFolder, "instructor", exercise.Notebook));
            EditableNotebook.Student(exercise.Number).Save(Path.Combine(classFolder, "starter", exercise.Notebook));
        }

        // 7(c) with the answer key: the other parts of notebook 7 are the instructor's.
        var keyed = EditableNotebook.Instructor(7);
        keyed.Replace(keyed.Find("double tail = 1 - percentile;"),   // the solution cell
            "int ReplicasForWaitSlo(double arrivalRate, double serviceRate, double waitSloSeconds, double percentile) =>\n"
            + "    Autoscaling.ReplicasForWaitSlo(arrivalRate, serviceRate, waitSloSeconds, percentile);\n"
            + "\n"
            + "int replicasForSlo = ReplicasForWaitSlo(arrivalRate, serviceRate, waitSloSeconds, percentile);");
        keyed.Save(Path.Combine(classFolder, "answer-key", "07-autoscaling.ipynb"));

        var options = GradedClassFixture.Options(Output) with { Exercises = LastFive };
        Result = await ClassGrader.GradeAsync(classFolder, options);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(GradingProcessesCollection.Name)]
public sealed class WorkbookGradeTests(SharedFixture<WorkbookGradeFixture> lastFive, SharedFixture<GradedClassFixture> firstFive)
    : IClassFixture<SharedFixture<WorkbookGradeFixture>>, IClassFixture<SharedFixture<GradedClassFixture>>
{
    private readonly WorkbookGradeFixture graded = lastFive.Value;

    [Fact]
    public void Every_instructor_notebook_earns_full_marks_and_its_released_starter_earns_nothing()
    {
        // The spec's hidden cases must agree with every notebook's own solution, and the starters must not pass by accident:
        // the two graded classes of the collection, 1–5 ("correct", "wrong") and 6 on ("instructor", "starter").
        var instructor = firstFive.Value.Student("correct").Exercises.Concat(graded.Student("instructor").Exercises).ToList();
        Assert.Equal(GradingSpec.Exercises.Select(e => e.Number), instructor.Select(e => e.Number));
        Assert.True(instructor.Sum(e => e.Points) == 10 * GradingSpec.Exercises.Count, // every exercise is worth 10 points
            string.Join("\n", instructor.Where(e => e.Points < e.MaxPoints).SelectMany(e => e.Feedback)));
        var starter = firstFive.Value.Student("wrong").Exercises.Concat(graded.Student("starter").Exercises).ToList();
        Assert.Equal(GradingSpec.Exercises.Select(e => e.Number), starter.Select(e => e.Number));
        Assert.All(starter, e => Assert.Equal(0, e.Points));
    }

    [Fact]
    public void The_instructor_notebooks_earn_every_point_of_every_part()
    {
        var instructor = graded.Student("instructor");
        var lines = string.Join("\n", instructor.Exercises.SelectMany(e => e.Feedback));
        Assert.True(instructor.Total == instructor.MaxTotal, lines);
        Assert.Equal(10 * WorkbookGradeFixture.LastFive.Count, instructor.MaxTotal);
        Assert.All(instructor.Exercises.SelectMany(e => e.Parts), p => Assert.Equal(p.MaxPoints, p.Points));
    }

    [Fact]
    public void The_released_starters_earn_nothing_and_every_part_reads_not_answered_yet()
    {
        var starter = graded.Student("starter");
        Assert.Equal(0, starter.Total);
        foreach (var exercise in starter.Exercises)
        {
            Assert.Equal(["a", "b", "c", "q1", "q2"], exercise.Parts.Select(p => p.Name));
            foreach (var part in exercise.Parts)
            {
                var spec = WorkbookGradeFixture.LastFive.Single(e => e.Number == exercise.Number).Part(part.Name);
                Assert.Contains($"{spec.AnswerVariable}: not answered yet", part.Feedback[0], StringComparison.Ordinal);
                Assert.Contains($"Look at: {spec.Nudge}", part.Feedback);
                Assert.DoesNotContain(part.Feedback, line => line.Contains("Formula", StringComparison.Ordinal)
                    || line.Contains("found", StringComparison.Ordinal) || line.Contains("not yet.", StringComparison.Ordinal));
                Assert.Empty(part.Misses);
            }
        }
    }

    [Fact]
    public void A_part_that_calls_its_answer_key_earns_zero_and_says_write_it_yourself()
    {
        var exercise = graded.Student("answer-key").Exercises.Single(e => e.Number == 7);
        Assert.Equal([2.0, 3.0, 0.0, 1.0, 1.0], exercise.Parts.Select(p => p.Points));
        Assert.Equal(
            "write it yourself: Autoscaling.ReplicasForWaitSlo is the answer key. ReplicasForWaitSlo may use the library's building blocks, not the member that computes this part's answer.",
            exercise.Parts[2].Feedback.Single());
        Assert.Contains("(c) write it yourself: Autoscaling.ReplicasForWaitSlo is the answer key.", File.ReadAllText(Path.Combine(graded.Output, "feedback", "answer-key.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gradebook_lists_each_exercises_parts_with_points_earned_and_possible()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(graded.Output, "gradebook.json")));
        var student = json.RootElement.GetProperty("Students").EnumerateArray().Single(s => s.GetProperty("Student").GetString() == "answer-key");
        var parts = student.GetProperty("Exercises").EnumerateArray().Single(e => e.GetProperty("Number").GetInt32() == 7).GetProperty("Parts");
        Assert.Equal(["a", "b", "c", "q1", "q2"], parts.EnumerateArray().Select(p => p.GetProperty("Name").GetString()));
        Assert.Equal([2.0, 3.0, 0.0, 1.0, 1.0], parts.EnumerateArray().Select(p => p.GetProperty("Points").GetDouble()));
        Assert.Equal([2.0, 3.0, 3.0, 1.0, 1.0], parts.EnumerateArray().Select(p => p.GetProperty("MaxPoints").GetDouble()));
        // One column per graded exercise (6 to the last); the answer-key learner earns 7 of notebook 7's 10 and nothing elsewhere.
        var numbers = WorkbookGradeFixture.LastFive.Select(e => e.Number).ToList();
        var max = 10 * numbers.Count;
        string Row(string student, Func<int, int> points) => $"{student},{string.Join(",", numbers.Select(points))},{numbers.Sum(points)},{max}\n";
        Assert.Equal(
            $"student,{string.Join(",", numbers.Select(n => $"ex{n:00}"))},total,max\n" + Row("answer-key", n => n == 7 ? 7 : 0) + Row("instructor", _ => 10) + Row("starter", _ => 0),
            File.ReadAllText(Path.Combine(graded.Output, "gradebook.csv")));
    }
}
