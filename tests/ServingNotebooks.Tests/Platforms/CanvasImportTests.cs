using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>canvas-import.csv: Canvas's identity columns from the roster, the assignment column, missing and extra students.</summary>
public sealed class CanvasImportTests
{
    private static readonly CanvasRoster Roster = CanvasRoster.Parse(CanvasRosterTests.Export);

    // Ada 10 + 7.5 = 17.5 of 20; Grace 0 + 0; student 31337 is not in the roster; Turing (5) submitted nothing.
    private static readonly IReadOnlyList<ServingNotebooks.Grading.StudentGrade> Graded =
    [
        PlatformFiles.Grade("4242", (1, 10, ["✔"]), (2, 7.5, ["half"])),
        PlatformFiles.Grade("77", (1, 0, ["✘"]), (2, 0, ["✘"])),
        PlatformFiles.Grade("31337", (1, 10, ["✔"]), (2, 10, ["✔"])),
    ];

    [Fact]
    public void The_file_has_Canvas_identity_columns_points_possible_and_one_row_per_roster_student()
    {
        var report = CanvasImport.Build(Roster, Graded, "Serving math");
        Assert.Equal(
            "Student,ID,SIS User ID,SIS Login ID,Section,Serving math (4815)\n"
            + "Points Possible,,,,,20\n"
            + "\"Lovelace, Ada\",4242,S001,ada@uni.example,Section A,17.5\n"
            + "\"Hopper, Grace\",77,S002,grace@uni.example,Section A,0\n"
            + "\"Turing, Alan\",5,,,Section B,\n",
            report.Csv);
        Assert.Equal("Serving math (4815)", report.AssignmentColumn);
        Assert.False(report.NewAssignment);
        Assert.Equal(2, report.Graded);
    }

    [Fact]
    public void Missing_and_extra_students_are_reported_not_invented()
    {
        var report = CanvasImport.Build(Roster, Graded, "Serving math (4815)");
        Assert.Equal(["5"], report.NoSubmission.Select(s => s.Id));
        Assert.Equal(["31337"], report.NotInRoster.Select(s => s.Student));
        Assert.DoesNotContain("31337", report.Csv, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assignment_the_roster_lacks_is_written_as_named_and_flagged_new()
    {
        var report = CanvasImport.Build(Roster, Graded, "Week 3 notebooks");
        Assert.StartsWith("Student,ID,SIS User ID,SIS Login ID,Section,Week 3 notebooks\n", report.Csv, StringComparison.Ordinal);
        Assert.True(report.NewAssignment);
    }

    [Fact]
    public void A_name_that_only_starts_like_a_column_does_not_match_it()
    {
        // "Serving" is not "Serving math (4815)": only "<name> (<id>)" or the exact header counts.
        Assert.True(CanvasImport.Build(Roster, Graded, "Serving").NewAssignment);
    }
}
