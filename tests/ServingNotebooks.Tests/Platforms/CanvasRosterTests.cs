using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>Canvas's exported gradebook read as a roster; a bad one is one clear line.</summary>
public sealed class CanvasRosterTests
{
    /// <summary>The shape of Canvas's Grades → Export: quoted sortable names, an indented Points Possible row, the test student.</summary>
    public const string Export =
        "Student,ID,SIS User ID,SIS Login ID,Section,Serving math (4815),Current Score\n"
        + "    Points Possible,,,,,20,(read only)\n"
        + "\"Lovelace, Ada\",4242,S001,ada@uni.example,Section A,,\n"
        + "\"Hopper, Grace\",77,S002,grace@uni.example,Section A,5,25\n"
        + "\"Turing, Alan\",5,,,Section B,,\n"
        + "\"Student, Test\",9999,,,Section A,,\n";

    [Fact]
    public void The_export_gives_the_students_in_order_without_points_possible_and_the_test_student()
    {
        var roster = CanvasRoster.Parse(Export);
        Assert.Equal(
            [
                new CanvasRosterStudent("Lovelace, Ada", "4242", "S001", "ada@uni.example", "Section A"),
                new CanvasRosterStudent("Hopper, Grace", "77", "S002", "grace@uni.example", "Section A"),
                new CanvasRosterStudent("Turing, Alan", "5", "", "", "Section B"),
            ],
            roster.Students);
        Assert.Contains("Serving math (4815)", roster.Columns);
    }

    [Fact]
    public void A_byte_order_mark_and_CRLF_line_ends_are_read()
    {
        var roster = CanvasRoster.Parse("\uFEFF" + Export.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(3, roster.Students.Count);
        Assert.Equal("Student", roster.Columns[0]);
    }

    [Fact]
    public void A_roster_with_only_Student_and_ID_is_enough()
    {
        var roster = CanvasRoster.Parse("Student,ID\nA,1\n");
        Assert.Equal(new CanvasRosterStudent("A", "1", "", "", ""), roster.Students.Single());
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("Name,Email\nAda,ada@uni.example\n", "no 'Student' column in the first line (found 'Name', 'Email')")]
    [InlineData("Student,Login\nAda,ada\n", "no 'ID' column in the first line")]
    [InlineData("Student,ID\nAda,1\nGrace,1\n", "ID 1 is on line 2 and line 3")]
    [InlineData("Student,ID\nAda,\n", "line 2 ('Ada') has no ID")]
    [InlineData("Student,ID\n\"Ada,1\n", "a quoted field is never closed")]
    [InlineData("Student,ID\n    Points Possible,\n", "no students after the header")]
    public void A_bad_roster_is_one_line_naming_the_file_and_the_problem(string text, string expected)
    {
        var e = Assert.Throws<RosterException>(() => CanvasRoster.Parse(text, "class.csv"));
        Assert.StartsWith("--roster class.csv: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_missing_roster_file_is_one_line()
    {
        var e = Assert.Throws<RosterException>(() => CanvasRoster.Load("/no/such/roster.csv"));
        Assert.StartsWith("--roster /no/such/roster.csv: cannot be read", e.Message, StringComparison.Ordinal);
    }
}
