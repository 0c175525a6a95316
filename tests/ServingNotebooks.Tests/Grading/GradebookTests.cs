using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

public class GradebookTests
{
    private static StudentGrade Student(string name, params double[] points) => new(
        name,
        [.. points.Select((p, i) => new ExerciseGrade(i + 1, GradingSpec.Exercises[i].Notebook, p, 10, [$"line {i}"]))],
        []);

    [Fact]
    public void Csv_has_one_row_per_student_and_one_column_per_exercise()
    {
        var csv = Gradebook.ToCsv([Student("zoe", 10, 5), Student("ada, the first", 2.5, 0)], GradingSpec.Exercises.Take(2).ToList());
        Assert.Equal(
            "student,ex01,ex02,total,max\n\"ada, the first\",2.5,0,2.5,20\nzoe,10,5,15,20\n",
            csv);
    }

    [Fact]
    public void Csv_defuses_spreadsheet_formulas_in_names()
    {
        var csv = Gradebook.ToCsv([Student("=HYPERLINK(1)", 1)], GradingSpec.Exercises.Take(1).ToList());
        Assert.Contains("\n'=HYPERLINK(1),1,1,10\n", csv);
    }

    [Fact]
    public void Write_replaces_files_atomically_and_removes_stale_feedback()
    {
        var dir = Directory.CreateTempSubdirectory("gradebook-").FullName;
        try
        {
            Gradebook.Write(dir, [Student("ada", 10), Student("bob", 0)], GradingSpec.Exercises.Take(1).ToList());
            Assert.True(File.Exists(Path.Combine(dir, "feedback", "bob.md")));
            Gradebook.Write(dir, [Student("ada", 7)], GradingSpec.Exercises.Take(1).ToList());
            Assert.False(File.Exists(Path.Combine(dir, "feedback", "bob.md")));
            Assert.Equal("student,ex01,total,max\nada,7,7,10\n", File.ReadAllText(Path.Combine(dir, "gradebook.csv")));
            Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp", SearchOption.AllDirectories));
            var md = File.ReadAllText(Path.Combine(dir, "feedback", "ada.md"));
            Assert.Contains("**Total: 7 / 10**", md);
            Assert.Contains("- line 0", md);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("ada lovelace", "ada lovelace")]
    [InlineData("émile", "émile")]
    [InlineData("../../etc", ".._.._etc")]
    [InlineData("..", "_")]
    public void SafeFileName_keeps_names_readable_and_inside_the_folder(string name, string expected)
    {
        Assert.Equal(expected, Gradebook.SafeFileName(name));
    }
}
