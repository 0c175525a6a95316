using System.Security.Cryptography;
using System.Text.Json;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Grades one class of honest students and students who attack the grader (issue 10's cases), in the bubblewrap sandbox, and
/// remembers what the workbook looked like before. Each attacker starts from the released starter notebook, so any point it
/// earns is the attack working; the honest students must get exactly what they get alone.
/// </summary>
public sealed class HostileClassFixture : IAsyncLifetime
{
    /// <summary>A mark no process of this machine has in its command line unless a notebook here started it.</summary>
    public static readonly string Marker = "servingbook-hostile-" + Guid.NewGuid().ToString("N");

    public static readonly string LongName = new string('ß', 100) + new string('x', 50);

    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-hostile-").FullName;

    public string Class => Path.Combine(Root, "class");

    public string Output => Path.Combine(Root, "grades");

    public ClassGradeResult Result { get; private set; } = null!;

    public string WorkbookBefore { get; private set; } = "";

    public string CsvRightAfterTheRun { get; private set; } = "";

    public StudentGrade Student(string name) => Result.Students.Single(s => s.Student == name);

    public string Feedback(string name) => string.Join("\n", Student(name).Exercises.SelectMany(e => e.Feedback).Concat(Student(name).Notes));

    public static GradingOptions Options(string output) => new()
    {
        OutputDirectory = output,
        SourceDirectory = Workbook.Notebooks,
        Exercises = [.. GradingSpec.Exercises.Take(2)],
        Sandbox = SandboxMode.Bwrap,

        // No attack here needs a time limit: limits 10× and more above what a loaded 2-core machine takes.
        CellTimeout = TimeSpan.FromSeconds(300),
        NotebookTimeout = TimeSpan.FromSeconds(900),
        Parallelism = 2,
    };

    /// <summary>A hash of every file the grader reads from the workbook (notebooks, setup.dib, data/, the library builds setup.dib loads).</summary>
    public static string WorkbookHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var libraries = Staging.ReferencedLibraries(File.ReadAllText(Path.Combine(Workbook.Notebooks, "setup.dib")))
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Workbook.Root, folder), "*", SearchOption.AllDirectories));
        foreach (var file in Directory.EnumerateFiles(Workbook.Notebooks, "*", SearchOption.AllDirectories).Concat(libraries).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public async Task InitializeAsync()
    {
        WorkbookBefore = WorkbookHash();
        BuildClass();
        Result = await ClassGrader.GradeAsync(Class, Options(Output));
        CsvRightAfterTheRun = File.ReadAllText(Path.Combine(Output, "gradebook.csv"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private static string Name(int number) => Path.GetFileName(Workbook.Notebook(number));

    private void Save(string student, string file, EditableNotebook notebook) => notebook.Save(Path.Combine(Class, student, file));

    /// <summary>The released notebook 01 (earns 0) with the attack as a cell after the starter cell (in a try block unless <paramref name="bare"/>).</summary>
    private void Attack(string student, string code, bool bare = false)
    {
        var notebook = EditableNotebook.Student(1);
        var cell = bare ? code : "try {\n" + code + "\n} catch (Exception e) { Console.WriteLine(e.Message); }";
        Save(student, Name(1), notebook.Insert(notebook.Find("double Concurrency(") + 1, cell));
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private void BuildClass()
    {
        foreach (var honest in new[] { "correct", "z-correct-last" })
        {
            Save(honest, Name(1), EditableNotebook.Instructor(1));
            Save(honest, Name(2), EditableNotebook.Instructor(2));
        }

        var partial = EditableNotebook.Student(1);
        Save("partial", Name(1), partial.Insert(partial.Find("double Concurrency(") + 1, "double L = 24;"));
        Save("partial", Name(2), EditableNotebook.Instructor(2));

        // A perfect result line for notebook 01, as the worker would write it: printed with every token-like string the notebook can find.
        const string Perfect = "{\\\"Event\\\":\\\"Observed\\\",\\\"Index\\\":0,\\\"Observation\\\":{\\\"Notebook\\\":\\\"01-littles-law.ipynb\\\",\\\"Outcome\\\":\\\"Ran\\\",\\\"Values\\\":{\\\"L\\\":{\\\"Defined\\\":true,\\\"TypeName\\\":\\\"double\\\",\\\"Number\\\":24}},\\\"Hidden\\\":[{\\\"Defined\\\":true,\\\"Number\\\":15},{\\\"Defined\\\":true,\\\"Number\\\":5},{\\\"Defined\\\":true,\\\"Number\\\":10}]}}";
        Attack("a-forge-token", $$"""
            var found = new List<string> { "guess" };
            var hex = new System.Text.RegularExpressions.Regex("[0-9A-F]{32,}");
            void Scan(string text) { foreach (System.Text.RegularExpressions.Match m in hex.Matches(text)) found.Add(m.Value); }
            foreach (System.Collections.DictionaryEntry v in Environment.GetEnvironmentVariables()) Scan($"{v.Value}");
            // Where a token could be that a notebook can read quickly: the worker's command line and environment, its
            // parent's, and the notebook's own folder (a search of whole folders takes minutes on a loaded machine).
            foreach (var f in new[] { "/proc/self/cmdline", "/proc/self/environ", "/proc/1/cmdline", "/proc/1/environ" }) { try { Scan(System.IO.File.ReadAllText(f)); } catch { } }
            foreach (var f in System.IO.Directory.GetFiles(".")) { try { Scan(System.IO.File.ReadAllText(f)); } catch { } }
            var raw = Console.OpenStandardOutput();
            foreach (var token in found) { var line = System.Text.Encoding.UTF8.GetBytes("\n" + token + " {{Perfect}}\n"); raw.Write(line); }
            Console.WriteLine("{{Perfect}}");
            """);
        Attack("a-steal-spec", """
            var spec = AppDomain.CurrentDomain.GetAssemblies().SelectMany(a => { try { return a.GetTypes(); } catch { return Array.Empty<Type>(); } }).Any(t => t.Name == "GradingSpec");
            var dll = new[] { "/grading", "/tmp" }.Any(root => { try { return System.IO.Directory.EnumerateFiles(root, "ServingNotebooks.Grading.dll", new System.IO.EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Any(); } catch { return false; } });
            var source = new[] { "/grading", "/tmp" }.Any(root => { try { return System.IO.Directory.EnumerateFiles(root, "GradingSpec.cs", new System.IO.EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Any(); } catch { return false; } });
            double L = spec || dll || source ? 24 : double.NaN;
            """, bare: true);
        Attack("a-append-setup", """
            var targets = new List<string> { "setup.dib", "../notebooks/setup.dib" };
            foreach (var dir in System.IO.Directory.GetDirectories("/proc")) { targets.Add(dir + "/cwd/setup.dib"); targets.Add(dir + "/cwd/notebooks/setup.dib"); }
            foreach (var t in targets) { try { System.IO.File.AppendAllText(t, "\n#!csharp\n\nEnvironment.Exit(7);\n"); } catch { } }
            """);
        Attack("a-overwrite-dll", """
            foreach (var root in new[] { "../lib", "/grading/lib", "/grading/worker" }) { try { foreach (var f in System.IO.Directory.EnumerateFiles(root, "*.dll", System.IO.SearchOption.AllDirectories)) { try { System.IO.File.WriteAllText(f, "garbage"); } catch { } } } catch { } }
            """);
        Attack("a-forge-cache", """
            foreach (var root in new[] { "..", "../..", "../../..", "/tmp", "/grading" }) { try { foreach (var d in System.IO.Directory.EnumerateDirectories(root, "*", new System.IO.EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })) { try { System.IO.File.WriteAllText(System.IO.Path.Combine(d, new string('A', 64) + ".json"), "{\"Notebook\":\"01-littles-law.ipynb\",\"Outcome\":\"Crashed\"}"); } catch { } } } catch { } }
            """);
        Attack("a-corrupt-data", """
            foreach (var root in new[] { "data", "../notebooks/data", "/grading/notebooks/data" }) { try { foreach (var f in System.IO.Directory.EnumerateFiles(root)) { try { System.IO.File.WriteAllText(f, "corrupt"); } catch { } } } catch { } }
            """);
        Attack("a-delete-own-files", """
            foreach (var f in System.IO.Directory.GetFiles(".")) { try { System.IO.File.Delete(f); } catch { } }
            """);
        Save("a-delete-own-files", Name(2), EditableNotebook.Instructor(2));
        Attack("a-kill-parent", """
            var stat = System.IO.File.ReadAllText("/proc/self/stat");
            var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            foreach (var pid in new[] { ppid, 1 }) { try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch { } }
            System.Diagnostics.Process.Start("kill", "-9 -1")?.WaitForExit();
            """);
        var csv = Path.Combine(Output, "gradebook.csv");
        Attack("a-detached", $$"""
            var script = {{Quote($"while true; do echo hacked > '{csv}' 2>/dev/null; echo hacked > /tmp/{Marker}; sleep 1; done # {Marker}")}};
            System.Diagnostics.Process.Start("setsid", new[] { "-f", "sh", "-c", script });
            System.Diagnostics.Process.Start("nohup", new[] { "sh", "-c", script });
            """);
        Save(LongName, "01-littles-law-" + new string('y', 200) + ".ipynb", EditableNotebook.Instructor(1));
        Save("nested", Path.Combine("nested-workbook", "notebooks", Name(1)), EditableNotebook.Instructor(1));
        Save("nested", Path.Combine("nested-workbook", "notebooks", "old", Name(1)), EditableNotebook.Student(1));
        Directory.CreateDirectory(Path.Combine(Class, "thief"));
        File.CreateSymbolicLink(Path.Combine(Class, "thief", Name(1)), Path.Combine(Class, "correct", Name(1)));
        Directory.CreateDirectory(Path.Combine(Class, "empty"));
        Save("kim:lee", Name(2), EditableNotebook.Instructor(2));
        Save("kim_lee", Name(2), EditableNotebook.Student(2));
    }
}

[Collection(GradingProcessesCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class HostileClassTests(HostileClassFixture graded) : IClassFixture<HostileClassFixture>
{
    [Fact]
    public void Honest_rows_are_what_they_are_alone_and_no_attack_earns_a_point()
    {
        // Instructor notebooks earn 10 + 10; "partial" 0 (part (a): L hard-coded, no function: nothing; parts (b), (c)
        // and the concept questions unanswered) + 10; every attacker starts from the starter.
        var expected = new Dictionary<string, string>
        {
            ["correct"] = "10,10,20,20",
            ["z-correct-last"] = "10,10,20,20",
            ["partial"] = "0,10,10,20",
            [HostileClassFixture.LongName] = "10,0,10,20",
            ["nested"] = "10,0,10,20",
            ["thief"] = "0,0,0,20",
            ["empty"] = "0,0,0,20",
            ["kim:lee"] = "0,10,10,20",
            ["kim_lee"] = "0,0,0,20",
        };
        foreach (var attacker in graded.Result.Students.Select(s => s.Student).Where(s => s.StartsWith("a-", StringComparison.Ordinal)))
        {
            expected[attacker] = "0,0,0,20";
        }

        // In the sandbox the staged notebooks are read-only (issue 23's tmpfs): the deleter deletes nothing, so its 02, the
        // instructor's, is graded as handed in.
        expected["a-delete-own-files"] = "0,10,10,20";

        // No name here has a comma, so a row splits at its commas: name, ex01, ex02, total, max.
        var rows = graded.CsvRightAfterTheRun.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(p => p[0], p => string.Join(",", p.Skip(1)));
        var wrong = expected.Where(p => rows.GetValueOrDefault(p.Key) != p.Value).Select(p => $"{p.Key}: expected {p.Value}, got {rows.GetValueOrDefault(p.Key)}\n  {graded.Feedback(p.Key).Replace("\n", "\n  ", StringComparison.Ordinal)}");
        Assert.True(!wrong.Any(), string.Join("\n", wrong));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(18, graded.Result.Students.Count);
    }

    [Fact]
    public void The_workbook_is_unchanged()
    {
        Assert.Equal(graded.WorkbookBefore, HostileClassFixture.WorkbookHash());
    }

    [Fact]
    public void No_process_a_notebook_started_is_left_and_the_gradebook_stays_as_written()
    {
        // The detached loop would rewrite gradebook.csv every second: give it 3 seconds to show itself.
        Thread.Sleep(3000);
        Assert.Equal(graded.CsvRightAfterTheRun, File.ReadAllText(Path.Combine(graded.Output, "gradebook.csv")));
        var left = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(HostileClassFixture.Marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }).ToList();
        Assert.Empty(left);
        Assert.False(File.Exists(Path.Combine("/tmp", HostileClassFixture.Marker)), "the detached process wrote into the grader's /tmp");
    }

    [Theory]
    [InlineData("a-forge-token", "result line(s) printed by a notebook (without the grader's token) were ignored")]
    [InlineData("a-forge-token", "(a) L: not answered yet (still the starter's NaN)")]
    [InlineData("a-steal-spec", "(a) L: not answered yet (still the starter's NaN)")]
    [InlineData("a-kill-parent", "01-littles-law.ipynb ended the grading process")]
    [InlineData("thief", "01-littles-law.ipynb is a link to a file outside thief's folder")]
    [InlineData("empty", "no notebooks (.ipynb) were found in empty's folder, so nothing was graded")]
    [InlineData("nested", "old/01-littles-law.ipynb is a second notebook for exercise 1; nested-workbook/notebooks/01-littles-law.ipynb was graded")]
    public void Each_attack_and_oddity_has_its_reason(string student, string reason) =>
        Assert.Contains(reason, graded.Feedback(student), StringComparison.Ordinal);

    [Fact]
    public void Names_of_any_length_and_characters_have_their_own_feedback_file()
    {
        var feedback = Path.Combine(graded.Output, "feedback");
        Assert.Equal(graded.Result.Students.Count, Directory.GetFiles(feedback, "*.md").Length);
        foreach (var student in graded.Result.Students)
        {
            var file = Path.Combine(feedback, Gradebook.FileNameFor(student.Student) + ".md");
            Assert.StartsWith($"# Feedback for {student.Student}\n", File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFiles(graded.Output, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains("\"Sandboxed\": true", File.ReadAllText(Path.Combine(graded.Output, "gradebook.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rerun_reuses_only_the_graders_own_cache_entries()
    {
        // The same class again: every notebook that ran comes from the cache, and no attacker's forged entry changes a row.
        var again = await ClassGrader.GradeAsync(graded.Class, HostileClassFixture.Options(graded.Output));

        // One row may change, and only for the better: the notebook that deleted its own staged files is cached and not run
        // again, so its 02 (the instructor's, intact in the submission) is now graded: 10.
        var before = graded.CsvRightAfterTheRun.Replace("a-delete-own-files,0,0,0,20", "a-delete-own-files,0,10,10,20", StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(graded.Output, "gradebook.csv")));
        Assert.True(again.NotebooksReused > 0);
        Assert.Equal(graded.WorkbookBefore, HostileClassFixture.WorkbookHash());
    }
}
