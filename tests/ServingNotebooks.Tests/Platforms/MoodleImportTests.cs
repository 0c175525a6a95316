using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>moodle-import.csv: an identifier column, then the grade.</summary>
public sealed class MoodleImportTests
{
    [Fact]
    public void Students_named_by_email_give_an_Email_address_column_and_their_totals()
    {
        var csv = MoodleImport.ToCsv(
            [PlatformFiles.Grade("grace@uni.example", (1, 2.5, [])), PlatformFiles.Grade("ada@uni.example", (1, 10, []), (2, 5, []))],
            "Serving notebooks");
        Assert.Equal("Email address,Serving notebooks\nada@uni.example,15\ngrace@uni.example,2.5\n", csv);
    }

    [Fact]
    public void Other_names_give_a_Username_column_quoted_when_needed()
    {
        var csv = MoodleImport.ToCsv([PlatformFiles.Grade("ada", (1, 10, [])), PlatformFiles.Grade("smith, j", (1, 0, []))], "Week, 3");
        // "smith, j" has no notebook at all (no observation, no points): an empty cell, so Moodle keeps their grade.
        Assert.Equal("Username,\"Week, 3\"\nada,10\n\"smith, j\",\n", csv);
    }
}
