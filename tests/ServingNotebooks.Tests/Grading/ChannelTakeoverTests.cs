using System.Text.Json;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Issue 23's attacks on the result cache and on the off-limits rule, with real submissions graded in the sandbox. Each
/// attacker takes the worker's result channel over from inside a notebook: it finds the channel's token in its own process's
/// memory (<c>/proc/self/mem</c>; the notebook shares the worker's process) and writes result lines on the worker's standard
/// output. Run 1 grades the attackers; run 2, in the same output folder (so with run 1's cache), grades their classmates.
/// </summary>
public sealed class ChannelTakeoverFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-takeover-").FullName;

    public string Attackers => Path.Combine(Root, "attackers");

    public string Classmates => Path.Combine(Root, "classmates");

    public string Output => Path.Combine(Root, "grades");

    public ClassGradeResult First { get; private set; } = null!;

    public ClassGradeResult Second { get; private set; } = null!;

    public int CacheEntriesAfterFirst { get; private set; }

    public static Exercise One => GradingSpec.Exercises[0];

    public static Exercise Two => GradingSpec.Exercises[1];

    public static GradingOptions Options(string output) => HostileClassFixture.Options(output);

    public async Task InitializeAsync()
    {
        var one = Path.GetFileName(Workbook.Notebook(1));
        var two = Path.GetFileName(Workbook.Notebook(2));

        // Direction 1: a byte-for-byte copy of a classmate's solved 02, whose result the attacker rewrites to "found nothing".
        Save(Attackers, "poisoner", one, Takeover(1, new NotebookObservation { Notebook = two, Outcome = NotebookOutcome.Ran }));
        EditableNotebook.Instructor(2).Save(Path.Combine(Attackers, "poisoner", two));

        // Direction 2: the untouched released 02, whose result the attacker rewrites to full marks.
        Save(Attackers, "starter-forger", one, Takeover(1, ScoringTests.AllRight(Two.Resolve(Path.Combine(Workbook.Notebooks, "data")))));
        EditableNotebook.Student(2).Save(Path.Combine(Attackers, "starter-forger", two));

        // The off-limits rule: every function of 01 calls the answer key, and the attacker's own result line (with the right
        // answers and no answer-key members) is written before the worker's.
        var keyCaller = EditableNotebook.Student(1);
        keyCaller.Replace(keyCaller.Find("double Concurrency("), "double Concurrency(double arrivalRate, double timeInSystem) => Queueing.LittlesLaw(arrivalRate, timeInSystem);\ndouble L = Concurrency(arrivalRate, timeInSystem);\nL");
        keyCaller.Replace(keyCaller.Find("int MaxAnswerTokens("), "int slots = 256;\ndouble trafficRate = 100;\nvar prefillRows = Measurements.LoadPrefill(\"data/prefill_by_prompt.csv\");\nvar decodeRows = Measurements.LoadDecodeSteps(\"data/decode_by_batch.csv\");\ndouble prefillSeconds = prefillRows.Single(p => p.PromptTokens == 512).TtftMs / 1000;\ndouble tpotSeconds = decodeRows.Single(d => d.Batch == 256 && d.ContextTokens == 512).TpotMs / 1000;\nint MaxAnswerTokens(int slots, double arrivalRate, double prefillSeconds, double tpotSeconds) => Queueing.MaxOutputTokens(slots, arrivalRate, prefillSeconds, tpotSeconds);\nint maxAnswer = MaxAnswerTokens(slots, trafficRate, prefillSeconds, tpotSeconds);\nmaxAnswer");
        var perfect = ScoringTests.AllRight(One.Resolve(Path.Combine(Workbook.Notebooks, "data")));
        keyCaller.Insert(keyCaller.Find("int MaxAnswerTokens(") + 1, TakeoverCode(0, perfect));
        keyCaller.Save(Path.Combine(Attackers, "key-caller", one));

        First = await ClassGrader.GradeAsync(Attackers, Options(Output));
        var cache = Path.Combine(Output, ClassGrader.WorkFolderName, "cache");
        CacheEntriesAfterFirst = Directory.Exists(cache) ? Directory.GetFiles(cache).Length : 0;

        EditableNotebook.Instructor(2).Save(Path.Combine(Classmates, "solved", two));
        EditableNotebook.Student(2).Save(Path.Combine(Classmates, "untouched", two));
        Second = await ClassGrader.GradeAsync(Classmates, Options(Output));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private static void Save(string folder, string student, string file, string attackCell)
    {
        var notebook = EditableNotebook.Student(1);
        notebook.Insert(notebook.Find("double Concurrency(") + 1, attackCell).Save(Path.Combine(folder, student, file));
    }

    private static string Takeover(int index, NotebookObservation observation) => TakeoverCode(index, observation);

    /// <summary>
    /// A cell that finds the token (the job line <c>"Token":"…"</c> the worker read, in its memory) and writes one result line
    /// for notebook <paramref name="index"/> of the job, as the worker frames them.
    /// </summary>
    public static string TakeoverCode(int index, NotebookObservation observation)
    {
        var line = JsonSerializer.Serialize(new WorkerResult(WorkerEvent.Observed, index, observation), GradeJob.JsonOptions);
        return $$"""
            // The job line as the worker read it: UTF-8 bytes, and the UTF-16 string it decoded them to (still referenced).
            var encodings = new[] { System.Text.Encoding.UTF8, System.Text.Encoding.Unicode };
            var tokens = new HashSet<string>();
            using (var mem = System.IO.File.OpenHandle("/proc/self/mem"))
            {
                var buffer = new byte[1 << 20];
                foreach (var region in System.IO.File.ReadAllLines("/proc/self/maps"))
                {
                    var fields = region.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 2 || !fields[1].StartsWith("rw")) continue;
                    var range = fields[0].Split('-');
                    long start = Convert.ToInt64(range[0], 16), end = Convert.ToInt64(range[1], 16);
                    for (var at = start; at < end && tokens.Count == 0; at += buffer.Length - 128)
                    {
                        int n;
                        try { n = System.IO.RandomAccess.Read(mem, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - at)), at); } catch { break; }
                        foreach (var encoding in encodings)
                        {
                            var marker = encoding.GetBytes("\"Token\":\"");
                            var width = encoding.GetByteCount("0");
                            for (var from = 0; from < n; )
                            {
                                var i = buffer.AsSpan(from, n - from).IndexOf(marker);
                                if (i < 0) break;
                                var s = from + i + marker.Length;
                                if (s + 65 * width <= n)
                                {
                                    var candidate = encoding.GetString(buffer, s, 64 * width);
                                    if (candidate.All(Uri.IsHexDigit) && encoding.GetString(buffer, s + 64 * width, width) == "\"") tokens.Add(candidate);
                                }
                                from = s;
                            }
                        }
                    }
                }
            }
            var channel = Console.OpenStandardOutput();
            foreach (var token in tokens) channel.Write(System.Text.Encoding.UTF8.GetBytes("\n" + token + " " + {{JsonSerializer.Serialize(line)}} + "\n"));
            channel.Flush();
            $"takeover: {tokens.Count} token(s) found"
            """;
    }
}

[Collection(GradingProcessesCollection.Name)]
public sealed class ChannelTakeoverTests(ChannelTakeoverFixture graded) : IClassFixture<ChannelTakeoverFixture>
{
    private static double Points(ClassGradeResult result, string student, int exercise) =>
        result.Students.Single(s => s.Student == student).Exercises.Single(e => e.Number == exercise).Points;

    private static string Feedback(ClassGradeResult result, string student) =>
        string.Join("\n", result.Students.Single(s => s.Student == student).Exercises.SelectMany(e => e.Feedback));

    [Fact]
    public void The_takeover_works_inside_the_attackers_own_worker()
    {
        // Evidence the attack is real: the forged line replaced the worker's own, in the attacker's row only.
        Assert.Equal(0, Points(graded.First, "poisoner", 2));
        Assert.Equal(ChannelTakeoverFixture.Two.Points, Points(graded.First, "starter-forger", 2));
    }

    [Fact]
    public void A_poisoned_result_never_reaches_a_classmate_who_handed_in_the_same_bytes()
    {
        // Direction 1: the classmate's solved 02 (the poisoner's bytes exactly) gets its full marks.
        Assert.Equal(ChannelTakeoverFixture.Two.Points, Points(graded.Second, "solved", 2));

        // Direction 2: the classmate's untouched starter (the forger's bytes exactly) gets 0, not the forged full marks.
        Assert.Equal(0, Points(graded.Second, "untouched", 2));

        // Nothing of run 1 was cached (every attacker's code is suspicious), and run 2 reused nothing.
        Assert.Equal(0, graded.CacheEntriesAfterFirst);
        Assert.Equal(0, graded.Second.NotebooksReused);
        Assert.Equal(2, graded.Second.NotebooksRun);
    }

    [Fact]
    public void Answer_key_calls_score_zero_even_when_the_channel_is_taken_over_and_the_watch_is_stripped()
    {
        var grade = graded.First.Students.Single(s => s.Student == "key-caller").Exercises.Single(e => e.Number == 1);
        Assert.Equal(0, grade.Parts.Single(p => p.Name == "a").Points);
        Assert.Equal(0, grade.Parts.Single(p => p.Name == "b").Points);
        var feedback = Feedback(graded.First, "key-caller");
        Assert.Contains("(a) write it yourself: Queueing.LittlesLaw is the answer key.", feedback, StringComparison.Ordinal);
        Assert.Contains("(b) write it yourself: Queueing.MaxOutputTokens is the answer key.", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_attackers_feedback_names_the_constructs_for_the_instructor()
    {
        foreach (var student in new[] { "poisoner", "starter-forger", "key-caller" })
        {
            var feedback = Feedback(graded.First, student);
            Assert.Contains("For the instructor to look at: cell ", feedback, StringComparison.Ordinal);
            Assert.Contains("System.Console.OpenStandardOutput (the grading worker's channel)", feedback, StringComparison.Ordinal);
            Assert.Contains("the path \"/proc/self/mem\" (the grading process's own files)", feedback, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("For the instructor to look at", Feedback(graded.Second, "solved"), StringComparison.Ordinal);
    }
}
