using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// Per-worker limits (issue 23), with real submissions in the sandbox: a notebook that writes 10 GB and one that asks for
/// 10 GB of native memory each lose that notebook only (their 02, the instructor's, still earns its 10), and the feedback
/// names the limit. Nothing here is a wall-clock assertion: the limits are sizes.
/// </summary>
public sealed class WorkerLimitsFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("servingbook-limits-").FullName;

    public ClassGradeResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var one = Path.GetFileName(Workbook.Notebook(1));
        var two = Path.GetFileName(Workbook.Notebook(2));
        var attacks = new Dictionary<string, string>
        {
            // 10 GiB in 1 MiB writes into the notebooks' folder: the file-size limit (256 MiB) ends the worker first.
            ["disk-filler"] = "using (var f = System.IO.File.Create(\"big.bin\")) { var chunk = new byte[1 << 20]; for (var i = 0; i < 10240; i++) f.Write(chunk); }",

            // 10 GiB of native memory, touched page by page: past the worker's native limit the allocation itself fails.
            ["native-hog"] = "var p = System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)(10L << 30)); for (long o = 0; o < (10L << 30); o += 4096) System.Runtime.InteropServices.Marshal.WriteByte(p + (nint)o, 1);",

            // Graded in the same class for UnprivilegedSandboxTests: the process limit, and a search for the hidden cases.
            ["fork-bomb"] = SandboxAttacks.ForkBomb,
            ["seeker"] = SandboxAttacks.Seeker,
        };
        foreach (var (student, code) in attacks)
        {
            var notebook = EditableNotebook.Student(1);
            notebook.Insert(notebook.Find("double Concurrency(") + 1, code).Save(Path.Combine(Root, "class", student, one));
            EditableNotebook.Instructor(2).Save(Path.Combine(Root, "class", student, two));
        }

        Result = await ClassGrader.GradeAsync(Path.Combine(Root, "class"), HostileClassFixture.Options(Path.Combine(Root, "grades")));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(GradingProcessesCollection.Name)]
public sealed class WorkerLimitsTests(SharedFixture<WorkerLimitsFixture> graded) : IClassFixture<SharedFixture<WorkerLimitsFixture>>
{
    private StudentGrade Student(string name) => graded.Value.Result.Students.Single(s => s.Student == name);

    private string Feedback(string name) => string.Join("\n", Student(name).Exercises.SelectMany(e => e.Feedback).Concat(Student(name).Notes));

    [Theory]
    [InlineData("disk-filler", "01-littles-law.ipynb wrote a file past the file-size limit (256 MiB per file).")]
    [InlineData("native-hog", "01-littles-law.ipynb ran out of memory: a worker may use ")]
    public void Each_limit_costs_only_that_notebook_and_is_named(string student, string line)
    {
        Assert.Equal(0, Student(student).Exercises.Single(e => e.Number == 1).Points);
        Assert.Equal(10, Student(student).Exercises.Single(e => e.Number == 2).Points);
        Assert.Contains(line, Feedback(student), StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_out_of_range_are_refused_with_their_name_and_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (WorkerLimits.Default with { FileBytes = 1000 }).Validate());
        Assert.Equal("FileBytes", e.ParamName);
        Assert.Contains("FileBytes (largest file a worker may write) must be at least 1 MiB, not 1000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal("OpenFiles", Assert.Throws<ArgumentOutOfRangeException>(() => (WorkerLimits.Default with { OpenFiles = 10 }).Validate()).ParamName);
    }

    [Fact]
    public void The_worker_is_started_under_prlimit_with_each_limit()
    {
        // 4 GiB of heap + 2 GiB native = 6442450944 bytes of RLIMIT_DATA; 256 MiB = 268435456 bytes per file.
        var (program, arguments) = WorkerLimits.Default.Wrap("/usr/bin/bwrap", ["--unshare-pid"], 4L << 30);
        Assert.Equal(WorkerLimits.PrlimitPath, program);
        Assert.Equal(["--nofile=4096", "--fsize=268435456", "--data=6442450944", "--core=0", "--", "/usr/bin/bwrap", "--unshare-pid"], arguments);
    }
}
