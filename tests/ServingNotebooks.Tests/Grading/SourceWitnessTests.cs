using ServingNotebooks.Grading;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Grading;

/// <summary>
/// The second witness of the off-limits rule (issue 23): the grader reads each notebook's code with Roslyn, outside the
/// sandbox. Each case is a real submission: notebook 01 as released, with the exercise cell replaced by what a student wrote.
/// </summary>
public sealed class SourceWitnessTests
{
    private static Exercise One => GradingSpec.Exercises[0];

    private static IReadOnlySet<string> Given(int number)
    {
        var (json, _) = Release.StudentVersion(NotebookReader.Load(Workbook.Notebook(number)));
        return SourceWitness.CellSources(NotebookReader.Parse(json, "released.ipynb"));
    }

    /// <summary>Notebook 01 as released, its part (a) cell replaced by <paramref name="code"/>, read by the witness.</summary>
    private static SourceFindings Read(string code)
    {
        var notebook = EditableNotebook.Student(1);
        notebook.Replace(notebook.Find("double Concurrency("), code);
        var path = Path.Combine(Directory.CreateTempSubdirectory("servingbook-witness-").FullName, "01-littles-law.ipynb");
        try
        {
            notebook.Save(path);
            return SourceWitness.Read(One, NotebookReader.Load(path), Given(1));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void The_instructors_solutions_and_the_released_starters_refer_to_no_off_limits_member_and_raise_nothing()
    {
        foreach (var exercise in GradingSpec.Exercises)
        {
            var given = Given(exercise.Number);
            var solved = SourceWitness.Read(exercise, NotebookReader.Load(Workbook.Notebook(exercise.Number)), given);
            Assert.True(solved.OffLimits.Count == 0, $"{exercise.Notebook}: {string.Join("; ", solved.OffLimits.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"))}");
            Assert.True(solved.Suspicious.Count == 0, $"{exercise.Notebook}: {string.Join("; ", solved.Suspicious)}");

            var (json, _) = Release.StudentVersion(NotebookReader.Load(Workbook.Notebook(exercise.Number)));
            var starter = SourceWitness.Read(exercise, NotebookReader.Parse(json, exercise.Notebook), given);
            Assert.Empty(starter.OffLimits);
            Assert.Empty(starter.Suspicious);
        }
    }

    [Theory]
    [InlineData("double Concurrency(double a, double w) => Queueing.LittlesLaw(a, w);")]
    [InlineData("double Concurrency(double a, double w) => ServingMath.Queueing.LittlesLaw(a, w);")]
    [InlineData("double Helper(double a, double w) => Queueing.LittlesLaw(a, w);\ndouble Concurrency(double a, double w) { return Helper(a, w) + 0; }")]
    [InlineData("Func<double, double, double> key = Queueing.LittlesLaw;\ndouble Concurrency(double a, double w) => key(a, w);")]
    [InlineData("Func<double, double, double> key = (x, y) => x * y;\nkey = Queueing.LittlesLaw;\ndouble Concurrency(double a, double w) => key(a, w);")]
    [InlineData("class Box { public double Get(double a, double w) => Queueing.LittlesLaw(a, w); }\ndouble Concurrency(double a, double w) => new Box().Get(a, w);")]
    [InlineData("double Concurrency(double a, double w) => (double)typeof(Queueing).GetMethod(\"Littles\" + \"Law\")!.Invoke(null, new object[] { a, w })! * 0 + (double)typeof(Queueing).GetMethod(\"LittlesLaw\")!.Invoke(null, new object[] { a, w })!;")]
    public void A_function_that_reaches_the_answer_key_is_seen_however_it_is_written(string code)
    {
        var findings = Read(code + "\ndouble L = Concurrency(arrivalRate, timeInSystem);\nL");
        Assert.Equal(["Queueing.LittlesLaw"], findings.OffLimitsOf("a"));
        Assert.Empty(findings.OffLimitsOf("b"));
    }

    [Fact]
    public void The_answer_key_used_outside_the_function_is_not_the_functions()
    {
        // Checking an answer against the library in a cell of one's own is allowed; so is the lesson's own use below.
        var findings = Read("double check = Queueing.LittlesLaw(12, 2.0);\ndouble Concurrency(double a, double w) => a * w;\ndouble L = Concurrency(arrivalRate, timeInSystem);\nL");
        Assert.Empty(findings.OffLimits);
        Assert.Empty(findings.Suspicious);
    }

    [Theory]
    [InlineData("using var flow = ExecutionContext.SuppressFlow();", "System.Threading.ExecutionContext.SuppressFlow (hides calls from the answer-key watch)")]
    [InlineData("ThreadPool.UnsafeQueueUserWorkItem(_ => { }, null);", "System.Threading.ThreadPool.UnsafeQueueUserWorkItem (hides calls from the answer-key watch)")]
    [InlineData("var m = typeof(Queueing).GetMethods();", "System.Type.GetMethods (reflection)")]
    [InlineData("var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(1 << 30);", "System.Runtime.InteropServices.Marshal.AllocHGlobal (native interop)")]
    [InlineData("[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();", "[System.Runtime.InteropServices.DllImport] (native interop)")]
    [InlineData("unsafe { delegate* unmanaged<int> f = null; }", "a function pointer (native interop)")]
    [InlineData("var raw = Console.OpenStandardOutput();", "System.Console.OpenStandardOutput (the grading worker's channel)")]
    [InlineData("var mem = System.IO.File.OpenRead(\"/proc/self/mem\");", "the path \"/proc/self/mem\" (the grading process's own files)")]
    public void Constructs_that_hide_a_call_or_reach_the_channel_are_named_with_their_cell(string code, string expected)
    {
        var notebook = EditableNotebook.Student(1);
        var cell = notebook.Find("double Concurrency(") + 1;
        var findings = Read("double Concurrency(double a, double w) => a * w;\n" + code + "\ndouble L = Concurrency(arrivalRate, timeInSystem);\nL");

        // The cell numbers of a notebook count from 1, markdown included.
        Assert.Contains($"cell {cell}: {expected}", findings.Suspicious);
        Assert.True(findings.IsSuspicious);
        Assert.Empty(findings.OffLimits);
    }

    [Fact]
    public void Deeply_nested_code_is_still_read()
    {
        // 3000 nested parentheses around the answer-key call: the witness reads through them (on its own 64 MiB stack).
        var findings = Read($"double Concurrency(double a, double w) => {new string('(', 3000)}Queueing.LittlesLaw(a, w){new string(')', 3000)};");
        Assert.Equal(["Queueing.LittlesLaw"], findings.OffLimitsOf("a"));
    }

    [Fact]
    public void A_notebook_the_witness_cannot_finish_reading_is_reported_not_passed()
    {
        // No time at all to read it: the notebook is reported for the instructor, never passed as clean.
        var notebook = NotebookReader.Load(Workbook.Notebook(1));
        var findings = SourceWitness.Read(One, notebook, Given(1), TimeSpan.Zero);
        Assert.Equal(["the grader could not read this notebook's code (it took too long); look at it by hand"], findings.Suspicious);
    }
}
