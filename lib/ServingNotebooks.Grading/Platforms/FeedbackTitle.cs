namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// Heads a student's feedback file with their name where the gradebook knows them by an id (Canvas grades by user id): the
/// file a student reads starts "# Feedback for Lovelace, Ada (Canvas ID 4242)", not with a number.
/// </summary>
public static class FeedbackTitle
{
    /// <summary>Replaces the heading of <c>feedback/&lt;student&gt;.md</c> under <paramref name="outputDirectory"/>.</summary>
    /// <param name="outputDirectory">The gradebook's folder.</param>
    /// <param name="student">The student as graded (the id).</param>
    /// <param name="title">What to head the file with, e.g. "Lovelace, Ada (Canvas ID 4242)".</param>
    /// <returns>Whether the file was there with the grader's heading and was rewritten.</returns>
    public static bool Retitle(string outputDirectory, string student, string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(student);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var file = Path.Combine(outputDirectory, "feedback", Gradebook.FileNameFor(student) + ".md");
        var heading = $"# Feedback for {student}\n";
        if (!File.Exists(file) || File.ReadAllText(file) is not { } text || !text.StartsWith(heading, StringComparison.Ordinal))
        {
            return false;
        }

        Gradebook.WriteAtomically(file, $"# Feedback for {title.ReplaceLineEndings(" ")}\n" + text[heading.Length..]);
        return true;
    }
}
