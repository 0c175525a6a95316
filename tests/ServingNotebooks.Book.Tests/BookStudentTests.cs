namespace ServingNotebooks.Book.Tests;

/// <summary>
/// The student copy (<c>servingbook book --student</c>): the same pages, built from the notebooks as
/// <c>servingbook release</c> writes them — no solution cell, every check "not answered yet" — and still clean in the browser.
/// </summary>
[Trait("Tier", "EndToEnd")]
public sealed class BookStudentTests(StudentBook book) : IClassFixture<StudentBook>
{
    [Fact]
    public void The_student_copy_builds_and_loads_with_no_error()
    {
        Assert.True(book.ExitCode == 0, book.Output);
        Assert.Equal(RenderedBook.Lessons.Count + 2, book.Visits.Count);
        var errors = book.Visits.Values.SelectMany(v => v.Errors.Select(e => $"{v.Page}: {e}")).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void No_solution_is_shown_and_every_check_reads_not_answered_yet()
    {
        foreach (var lesson in RenderedBook.Lessons)
        {
            var page = Path.ChangeExtension(lesson, ".html");
            var visit = book.Visits[page];
            var headings = visit.Facts.GetProperty("cells").EnumerateArray()
                .Where(c => c.GetProperty("kind").GetString() == "markdown")
                .Select(c => c.GetProperty("text").GetString()!.Trim())
                .ToList();
            Assert.DoesNotContain(headings, h => h.StartsWith("Solution", StringComparison.Ordinal));

            var checks = BookPagesTests.CheckCells(visit);
            Assert.NotEmpty(checks);
            foreach (var (input, output) in checks)
            {
                Assert.True(output.Contains("not answered yet", StringComparison.Ordinal), $"{page}: the check {input[..Math.Min(40, input.Length)]} shows '{output}'");
                Assert.DoesNotContain("✔", output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_page_says_it_is_the_student_copy()
    {
        foreach (var lesson in RenderedBook.Lessons)
        {
            var html = File.ReadAllText(Path.Combine(book.Site, Path.ChangeExtension(lesson, ".html")));
            Assert.Contains("student copy: solutions removed", html, StringComparison.Ordinal);
        }
    }
}
