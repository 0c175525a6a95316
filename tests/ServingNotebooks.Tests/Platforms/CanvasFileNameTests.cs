using ServingNotebooks.Grading.Platforms;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>Canvas's download names: name[_LATE]_userid_attachmentid_file, re-uploads -1/-2, anonymous anon_id.</summary>
public sealed class CanvasFileNameTests
{
    [Fact]
    public void A_plain_name_gives_the_sortable_name_user_attachment_and_file()
    {
        var name = CanvasFileName.TryParse("lovelaceada_4242_90001_01-littles-law.ipynb")!;
        Assert.Equal(new CanvasFileName("lovelaceada", "4242", false, 90001, "01-littles-law.ipynb", 0), name);
        Assert.False(name.Anonymous);
    }

    [Fact]
    public void LATE_between_name_and_user_id_marks_the_file_late()
    {
        var name = CanvasFileName.TryParse("hopperg_LATE_77_123456789_02-utilization.ipynb")!;
        Assert.Equal(new CanvasFileName("hopperg", "77", true, 123456789, "02-utilization.ipynb", 0), name);
    }

    [Theory]
    [InlineData("turinga_5_10_01-littles-law-1.ipynb", "01-littles-law.ipynb", 1)]
    [InlineData("turinga_5_11_01-littles-law-2.ipynb", "01-littles-law.ipynb", 2)]
    [InlineData("turinga_5_12_my_answer_v2-13.zip", "my_answer_v2.zip", 13)]
    public void A_reupload_suffix_is_removed_and_counted(string file, string original, int reupload)
    {
        var name = CanvasFileName.TryParse(file)!;
        Assert.Equal(original, name.OriginalName);
        Assert.Equal(reupload, name.Reupload);
    }

    [Fact]
    public void Underscores_in_the_uploaded_file_name_stay_in_it()
    {
        var name = CanvasFileName.TryParse("ab_1_2_03_latency_budget_final.ipynb")!;
        Assert.Equal(("ab", "1", 2L, "03_latency_budget_final.ipynb"), (name.SortableName, name.StudentId, name.AttachmentId, name.OriginalName));
    }

    [Fact]
    public void Anonymous_grading_names_the_student_anon_id()
    {
        var name = CanvasFileName.TryParse("anon_k3Jq9_LATE_5551_04-kv-concurrency.ipynb")!;
        Assert.Equal(new CanvasFileName("anon", "anon_k3Jq9", true, 5551, "04-kv-concurrency.ipynb", 0), name);
        Assert.True(name.Anonymous);
    }

    [Fact]
    public void A_student_with_no_letters_left_in_the_name_still_parses()
    {
        // Canvas removes non-word characters; a name of only such characters leaves nothing before the first underscore.
        Assert.Equal("9", CanvasFileName.TryParse("_9_8_01-littles-law.ipynb")!.StudentId);
    }

    [Theory]
    [InlineData("01-littles-law.ipynb")]
    [InlineData("lovelaceada_01-littles-law.ipynb")]
    [InlineData("lovelaceada_4242_01-littles-law.ipynb")]
    [InlineData("lovelaceada_x42_90001_01-littles-law.ipynb")]
    [InlineData("lovelaceada_4242_90001_")]
    public void Names_Canvas_does_not_make_are_not_read(string file) => Assert.Null(CanvasFileName.TryParse(file));
}
