using ServingNotebooks.Grading;
using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>
/// Moodle's "Download all submissions" folders as input (issue 23): <c>Full Name_&lt;participant id&gt;_assignsubmission_file_</c>,
/// graded into the offline grading worksheet Moodle uploads by participant, with a blank grade (not 0) for no submission.
/// </summary>
public sealed class MoodleDownloadTests
{
    [Theory]
    [InlineData("Ada Lovelace_123456_assignsubmission_file_", "Ada Lovelace", "123456")]
    [InlineData("José María O'Neil_7_assignsubmission_file_", "José María O'Neil", "7")]
    [InlineData("Kim_Lee_42_assignsubmission_file_", "Kim_Lee", "42")]
    [InlineData("Ada Lovelace_123456_assignsubmission_onlinetext_", "Ada Lovelace", "123456")]
    public void A_download_folder_gives_the_full_name_and_participant_id(string folder, string name, string id) =>
        Assert.Equal((name, id), MoodleDownload.Parse(folder));

    [Theory]
    [InlineData("ada@uni.example")]
    [InlineData("Ada Lovelace_assignsubmission_file_")]
    [InlineData("Ada Lovelace_12a_assignsubmission_file_")]
    public void Other_names_are_not_download_folders(string folder) => Assert.Null(MoodleDownload.Parse(folder));

    private static StudentGrade Graded(string student, params (int Number, double Points)[] exercises) =>
        new(
            student,
            [.. exercises.Select(e => new ExerciseGrade(e.Number, GradingSpec.Exercises.Single(x => x.Number == e.Number).Notebook, e.Points, 10, []))],
            [.. exercises.Select(e => new NotebookObservation { Notebook = GradingSpec.Exercises.Single(x => x.Number == e.Number).Notebook, Outcome = NotebookOutcome.Ran })]);

    /// <summary>An empty download folder: graded (every exercise 0, "not in the submission"), but nothing was run.</summary>
    private static StudentGrade Empty(string student) =>
        new(student, [new ExerciseGrade(1, GradingSpec.Exercises[0].Notebook, 0, 10, ["not in the submission"]), new ExerciseGrade(2, GradingSpec.Exercises[1].Notebook, 0, 10, [])], []);

    [Fact]
    public void The_worksheet_has_the_columns_Moodles_importer_looks_for_and_a_blank_grade_for_no_submission()
    {
        var (csv, leftOut) = MoodleImport.ToWorksheet(
            [Graded("Ada Lovelace_123456_assignsubmission_file_", (1, 10), (2, 7.5)), Empty("Grace Hopper_77_assignsubmission_file_"), Graded("kim@uni.example", (1, 3))],
            new DateTimeOffset(2026, 12, 7, 16, 30, 0, TimeSpan.FromHours(1)));

        // 10 + 7.5 = 17.5 of 20; Grace handed in nothing: empty Grade and comments. 16:30 at +01:00 is 15:30 UTC.
        Assert.Equal(
            "Identifier,Full name,Grade,Maximum Grade,Last modified (grade),Feedback comments\n"
            + "Participant 123456,Ada Lovelace,17.5,20,2026-12-07 15:30:00 UTC,Ada Lovelace: 17.5 / 20. 01-littles-law.ipynb: 10 / 10. 02-utilization.ipynb: 7.5 / 10.\n"
            + "Participant 77,Grace Hopper,,20,2026-12-07 15:30:00 UTC,\n",
            csv.Replace(GradingSpec.Exercises[1].Notebook, "02-utilization.ipynb", StringComparison.Ordinal));
        Assert.Equal(["kim@uni.example"], leftOut);
    }

    [Fact]
    public void The_plain_import_leaves_no_submission_blank_too()
    {
        var csv = MoodleImport.ToCsv([Graded("ada@uni.example", (1, 10)), Empty("grace@uni.example")], "Serving notebooks");
        Assert.Equal("Email address,Serving notebooks\nada@uni.example,10\ngrace@uni.example,\n", csv);
    }
}
