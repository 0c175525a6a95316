using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// Canvas exports as they really come (issue 23): ';' as separator and a UTF-8 byte-order mark (Canvas's
/// lib/csv_with_i18n.rb: per-user "semicolon field separators", decimal-comma locales with autodetection, and the "include
/// byte order mark" setting), assignment names that contain " (", and a roster whose Points Possible is not ours.
/// </summary>
public sealed class CanvasExportQuirksTests
{
    /// <summary>The same gradebook as <see cref="CanvasRosterTests.Export"/>, written by a decimal-comma user: ';', a BOM, 20,5 points.</summary>
    private const string SemicolonExport =
        "\uFEFFStudent;ID;SIS User ID;SIS Login ID;Section;Serving notebooks (1-3) (5520301);Current Score\r\n"
        + "    Points Possible;;;;;30;(read only)\r\n"
        + "\"Lovelace, Ada\";4242;S001;ada@uni.example;Section A;;\r\n"
        + "Hopper, Grace;77;S002;grace@uni.example;Section A;20,5;68,33\r\n"
        + "\"Student, Test\";9999;;;Section A;;\r\n";

    [Fact]
    public void A_semicolon_export_with_a_byte_order_mark_reads_as_the_comma_one_does()
    {
        var roster = CanvasRoster.Parse(SemicolonExport);
        Assert.Equal(
            [
                new CanvasRosterStudent("Lovelace, Ada", "4242", "S001", "ada@uni.example", "Section A"),
                new CanvasRosterStudent("Hopper, Grace", "77", "S002", "grace@uni.example", "Section A"),
            ],
            roster.Students);
        Assert.Equal("Student", roster.Columns[0]);
        Assert.Equal("30", roster.PointsPossible["Serving notebooks (1-3) (5520301)"]);

        // A comma export whose first name holds a ';' is still read with ','.
        Assert.Equal(',', CanvasRoster.Separator("\uFEFF\"Student\",ID\n\"Lee; Kim\",1\n"));
        Assert.Equal(';', CanvasRoster.Separator("\"Student\";\"ID\"\n"));
    }

    [Theory]
    [InlineData("Serving notebooks (1-3)", true)]
    [InlineData("Serving notebooks (1-3) (5520301)", true)]
    [InlineData("Serving notebooks", false)]
    [InlineData("Serving notebooks (1-3) (", false)]
    public void The_assignment_is_its_exact_name_with_or_without_its_id(string given, bool found)
    {
        var report = CanvasImport.Build(CanvasRoster.Parse(SemicolonExport), [PlatformFiles.Grade("4242", (1, 10, ["✔"]))], given);
        Assert.Equal(!found, report.NewAssignment);
        Assert.Equal(found ? "Serving notebooks (1-3) (5520301)" : given, report.AssignmentColumn);
        Assert.False(CanvasImport.IsNameWithId("Serving notebooks (1-3) (5520301)", "Serving notebooks"));
        Assert.True(CanvasImport.IsNameWithId("Serving notebooks (5520301)", "Serving notebooks"));
    }

    [Fact]
    public void Points_possible_is_the_graded_exercises_and_a_different_roster_value_is_a_warning()
    {
        // Graded: exercises 1 and 2, 10 points each, so 20 possible; the roster says 30.
        var graded = new[] { PlatformFiles.Grade("4242", (1, 10, ["✔"]), (2, 5, ["half"])) };
        var report = CanvasImport.Build(CanvasRoster.Parse(SemicolonExport), graded, "Serving notebooks (1-3)");
        Assert.Contains("Points Possible,,,,,20\n", report.Csv, StringComparison.Ordinal);
        Assert.Equal(
            "the roster's Points Possible for 'Serving notebooks (1-3) (5520301)' is 30, but the 2 graded exercise(s) are worth 20: canvas-import.csv says 20 (Canvas will change the assignment's points on import). Grade only the assignment's exercises with --exercises (e.g. -e 1-3).",
            report.PointsWarning);

        var matching = CanvasImport.Build(CanvasRoster.Parse(CanvasRosterTests.Export), graded, "Serving math");
        Assert.Null(matching.PointsWarning);
    }
}
