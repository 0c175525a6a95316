using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServingNotebooks.Practice;

/// <summary>One test of a GitHub Classroom runner result: here, one part of the exercise.</summary>
/// <param name="Name">The test's name, e.g. "4(a). Concurrent requests — practice".</param>
/// <param name="Status">"pass", "fail" or "error".</param>
/// <param name="Score">Points earned (the reporter adds these up).</param>
/// <param name="Message">The feedback lines.</param>
/// <param name="TestCode">What was run.</param>
/// <param name="Filename">The notebook.</param>
/// <param name="LineNo">0: a notebook has no line to point at.</param>
/// <param name="Duration">Milliseconds.</param>
public sealed record ReporterTest(string Name, string Status, double Score, string Message, string TestCode, string Filename, int LineNo, long Duration);

/// <summary>
/// The result one workflow step hands to GitHub Classroom's reporter (classroom-resources/autograding-grading-reporter):
/// the JSON its runners put, base64-encoded, in their step output <c>result</c> — <c>version</c> 1, <c>status</c>,
/// <c>max_score</c>, and <c>tests</c> whose <c>score</c>s the reporter sums (its <c>src/notify-classroom.js</c>:
/// "Points {total}/{max}"). The same format as the grader's <c>ClassroomResult</c>.
/// </summary>
/// <param name="Version">1, the reporter's format version.</param>
/// <param name="Status">"pass" (every part), "fail" (less), or "error" (nothing could be checked).</param>
/// <param name="MaxScore">Points available.</param>
/// <param name="Tests">One test per part.</param>
public sealed record ReporterResult(int Version, string Status, double MaxScore, IReadOnlyList<ReporterTest> Tests)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Points earned: what the reporter adds up.</summary>
    public double Score => Tests.Sum(t => t.Score);

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The JSON, base64-encoded, as the reporter reads it from <c>steps.&lt;id&gt;.outputs.result</c>.</summary>
    public string ToBase64() => Convert.ToBase64String(Encoding.UTF8.GetBytes(ToJson()));
}
