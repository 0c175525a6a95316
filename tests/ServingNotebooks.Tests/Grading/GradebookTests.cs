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

    [Theory]
    [InlineData("ada lovelace", "ada lovelace")]
    [InlineData("José Ñúñez 李", "José Ñúñez 李")]
    [InlineData("kim_lee", "kim_lee")]
    public void Plain_names_are_their_own_file_names(string name, string expected) =>
        Assert.Equal(expected, Gradebook.FileNameFor(name));

    [Fact]
    public void Names_of_any_length_and_characters_give_distinct_valid_file_names()
    {
        // kim:lee and kim_lee would both be "kim_lee" once made safe: the hash keeps them apart.
        var colon = Gradebook.FileNameFor("kim:lee");
        Assert.StartsWith("kim_lee~", colon, StringComparison.Ordinal);
        Assert.NotEqual(Gradebook.FileNameFor("kim_lee"), colon);

        // A name that imitates a shortened one is shortened itself.
        Assert.NotEqual(colon, Gradebook.FileNameFor(colon));

        // 300 bytes of UTF-8 (100 × 'é' is 200 bytes, plus 100 ASCII letters): at most 80 bytes of it, '~' and 12 hex digits.
        var longName = new string('é', 100) + new string('a', 100);
        var shortened = Gradebook.FileNameFor(longName);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(shortened) <= 80 + 1 + 12);
        Assert.NotEqual(shortened, Gradebook.FileNameFor(new string('é', 100) + new string('a', 99) + "b"));

        var dir = Directory.CreateTempSubdirectory("servingbook-names-").FullName;
        try
        {
            Gradebook.Write(dir, [Student("kim:lee", 1), Student("kim_lee", 2), Student(longName, 3), Student("../up", 4)], GradingSpec.Exercises.Take(1).ToList());
            var files = Directory.GetFiles(Path.Combine(dir, "feedback")).Select(Path.GetFileName).ToList();
            Assert.Equal(4, files.Count);
            Assert.Contains("# Feedback for " + longName, File.ReadAllText(Path.Combine(dir, "feedback", shortened + ".md")), StringComparison.Ordinal);
            Assert.Contains("# Feedback for kim:lee", File.ReadAllText(Path.Combine(dir, "feedback", colon + ".md")), StringComparison.Ordinal);
            Assert.Equal(["gradebook.csv", "gradebook.json"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
