using System.Globalization;
using System.Text.RegularExpressions;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// One file of Canvas's "Download Submissions" zip, as Canvas names it:
/// <c>&lt;sortable name, lower-cased, non-word characters removed&gt;[_LATE]_&lt;user id&gt;_&lt;attachment id&gt;_&lt;file name&gt;</c>,
/// e.g. <c>lovelaceada_LATE_4242_90001_01-littles-law-1.ipynb</c>; under anonymous grading the name and user id are replaced by
/// <c>anon_&lt;anonymous id&gt;</c>. When a student uploads a file whose name they used before, Canvas appends <c>-1</c>, <c>-2</c>, …
/// to the name before the extension; <see cref="OriginalName"/> has it removed and <see cref="Reupload"/> holds the number.
/// </summary>
/// <param name="SortableName">The sortable name as Canvas wrote it ("lovelaceada"), or <c>anon</c> under anonymous grading.</param>
/// <param name="StudentId">Canvas's user id ("4242"), or <c>anon_&lt;id&gt;</c> under anonymous grading: the key a student's files are grouped by.</param>
/// <param name="Late">True when Canvas marked the submission <c>_LATE</c>.</param>
/// <param name="AttachmentId">Canvas's attachment id: larger is uploaded later.</param>
/// <param name="OriginalName">The file name the student uploaded, without Canvas's re-upload suffix ("01-littles-law.ipynb").</param>
/// <param name="Reupload">Canvas's re-upload number (1 for <c>-1</c>), 0 for a first upload.</param>
/// <remarks>
/// The layout is Canvas's bulk download as described in the project's issue 11 and in instructors' tools that sort these
/// downloads (for example TimHanneman/Canvas_submission_sort, mikewesthad/canvas-unzipper: "smithbob_340934_208490284_BobsWork.zip").
/// </remarks>
public sealed partial record CanvasFileName(string SortableName, string StudentId, bool Late, long AttachmentId, string OriginalName, int Reupload)
{
    /// <summary>True for a file of an anonymously graded assignment.</summary>
    public bool Anonymous => StudentId.StartsWith("anon_", StringComparison.Ordinal);

    /// <summary>Reads a Canvas download file name; null when <paramref name="fileName"/> is not one.</summary>
    /// <param name="fileName">A file name (a path is reduced to its name).</param>
    public static CanvasFileName? TryParse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        var anonymous = AnonymousPattern().Match(name);
        if (anonymous.Success)
        {
            return Make("anon", "anon_" + anonymous.Groups["anon"].Value, anonymous);
        }

        var named = NamedPattern().Match(name);
        return named.Success ? Make(named.Groups["name"].Value, named.Groups["user"].Value, named) : null;
    }

    private static CanvasFileName? Make(string sortableName, string studentId, Match match)
    {
        if (!long.TryParse(match.Groups["attachment"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var attachment))
        {
            return null;
        }

        var file = match.Groups["file"].Value;
        var stem = Path.GetFileNameWithoutExtension(file);
        var reupload = ReuploadPattern().Match(stem);
        var number = 0;
        if (reupload.Success && int.TryParse(reupload.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            number = n;
            file = stem[..reupload.Index] + Path.GetExtension(file);
        }

        return new CanvasFileName(sortableName, studentId, match.Groups["late"].Success, attachment, file, number);
    }

    [GeneratedRegex(@"^anon_(?<anon>[A-Za-z0-9]+)(?<late>_LATE)?_(?<attachment>\d{1,18})_(?<file>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AnonymousPattern();

    [GeneratedRegex(@"^(?<name>[^_]*)(?<late>_LATE)?_(?<user>\d{1,18})_(?<attachment>\d{1,18})_(?<file>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedPattern();

    [GeneratedRegex(@"-(?<n>\d{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex ReuploadPattern();
}
