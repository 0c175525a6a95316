
namespace ServingNotebooks.Tests.Platforms;

/// <summary>The platform options of the command line: mistakes are one line, before any grading.</summary>
public sealed class PlatformCliTests : IDisposable
{
    private readonly string _root = PlatformFiles.TempFolder("platform-cli");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string Text) Run(params string[] args)
    {
        var (console, text) = PlainConsole.Create();
        var code = ServingBook.Cli.InvokeAsync(args, console).GetAwaiter().GetResult();
        return (code, text.ToString());
    }

    [Fact]
    public void A_bad_roster_stops_grade_with_one_error_line_and_no_gradebook()
    {
        var roster = Path.Combine(_root, "roster.csv");
        File.WriteAllText(roster, "Name,Email\nAda,ada@uni.example\n");
        PlatformFiles.Write(Path.Combine(_root, "class", "ada", "01-littles-law.ipynb"), "{}");
        var output = Path.Combine(_root, "grades");
        var (code, text) = Run("grade", Path.Combine(_root, "class"), "--source", ServingNotebooks.Tests.Grading.Workbook.Notebooks, "--output", output, "--roster", roster);
        Assert.Equal(1, code);
        Assert.Equal($"error: --roster {roster}: no 'Student' column in the first line (found 'Name', 'Email'); give the CSV Canvas exports from Grades → Export", text.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("--classroom", "--classroom grades one exercise: give --exercise N.")]
    [InlineData("--classroom --exercise 16", "--exercise must be an exercise number, one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, not '16'.")]
    [InlineData("--exercise 3", "--exercise is for --classroom")]
    public void Classroom_options_that_do_not_fit_are_usage_errors(string options, string message)
    {
        var (code, text) = Run(["grade", "--student", _root, .. options.Split(' ')]);
        Assert.Equal(ServingBook.Cli.UsageError, code);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_without_submissions_or_student_says_what_to_give()
    {
        var (code, text) = Run("grade", "--source", ServingNotebooks.Tests.Grading.Workbook.Notebooks);
        Assert.Equal(ServingBook.Cli.UsageError, code);
        Assert.Contains("give the submissions to grade", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visibility_Gradescope_does_not_know_is_a_usage_error()
    {
        var (code, text) = Run("gradescope", "build", "--output", Path.Combine(_root, "a.zip"), "--hidden-visibility", "soon");
        Assert.Equal(ServingBook.Cli.UsageError, code);
        Assert.Contains("--hidden-visibility must be one of hidden, after_due_date, after_published, visible, not 'soon'.", text, StringComparison.Ordinal);
    }
}
