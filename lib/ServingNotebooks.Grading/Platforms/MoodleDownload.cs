using System.Text.RegularExpressions;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// The folders of Moodle's "Download all submissions" (assignment → Submissions → Download all submissions, with "Download
/// submissions in folders"): one per student, named <c>Full Name_&lt;participant id&gt;_assignsubmission_file_</c> (Moodle's
/// <c>mod/assign/locallib.php</c>, <c>download_submissions</c>: the full name, the participant's unique id for the
/// assignment, the submission plugin). The participant id is what Moodle's grading worksheet identifies a student by
/// ("Participant 123456").
/// </summary>
public static partial class MoodleDownload
{
    /// <summary>Reads a submission folder's name as Moodle's download writes it.</summary>
    /// <param name="folderName">The folder's name, e.g. <c>Ada Lovelace_123456_assignsubmission_file_</c>.</param>
    /// <returns>The student's full name and participant id, or null when the name is not Moodle's.</returns>
    public static (string FullName, string ParticipantId)? Parse(string folderName)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        var match = FolderName().Match(folderName);
        return match.Success ? (match.Groups["name"].Value, match.Groups["id"].Value) : null;
    }

    [GeneratedRegex(@"^(?<name>.+)_(?<id>[0-9]+)_assign(submission|feedback)_[a-z]+_?$", RegexOptions.CultureInvariant)]
    private static partial Regex FolderName();
}
