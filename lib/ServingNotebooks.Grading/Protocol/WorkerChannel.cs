using System.Text;
using System.Text.Json;

namespace ServingNotebooks.Grading;

/// <summary>
/// The framing between the grader and a grading worker. The grader writes JSON lines to the worker's standard input: the
/// <see cref="GradeJob"/> first, then one <see cref="HiddenCalls"/> per notebook when asked. The worker writes
/// <see cref="WorkerResult"/> lines to its standard output, each as <c>&lt;token&gt; &lt;json&gt;</c> on a line of its own.
/// Both pipes are inherited file descriptors: no path in any folder leads to them, and the token travels only on
/// standard input, so text a notebook prints (or writes to the same pipe) is not taken for a result.
/// </summary>
public static class WorkerChannel
{
    /// <summary>Longest line either side accepts (bytes); a longer one is dropped whole.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The bytes of one worker line. It starts with a line break, so a notebook's unfinished line cannot swallow it.</summary>
    /// <param name="token">The job's token.</param>
    /// <param name="result">What to report.</param>
    public static byte[] Frame(string token, WorkerResult result) =>
        Encoding.UTF8.GetBytes($"\n{token} {JsonSerializer.Serialize(result, GradeJob.JsonOptions)}\n");

    /// <summary>The result a worker line carries, or null when the line does not start with the token or is not a result.</summary>
    /// <param name="line">One line of the worker's output, without its line break.</param>
    /// <param name="token">The job's token.</param>
    public static WorkerResult? Unframe(string line, string token)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (line.Length <= token.Length || !line.StartsWith(token, StringComparison.Ordinal) || line[token.Length] != ' ')
        {
            return null;
        }

        try
        {
            var result = JsonSerializer.Deserialize<WorkerResult>(line.AsSpan(token.Length + 1), GradeJob.JsonOptions);
            return result is null || (result.Event == WorkerEvent.Observed && result.Observation is null) ? null : result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One JSON line for the worker's standard input.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="message">The message.</param>
    public static byte[] Line<T>(T message) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, GradeJob.JsonOptions) + "\n");

    /// <summary>
    /// Reads one UTF-8 line byte by byte (nothing after it is buffered away from the next reader); null at end of stream.
    /// A line longer than <see cref="MaxLineBytes"/> is returned empty.
    /// </summary>
    /// <param name="input">The stream.</param>
    public static string? ReadLine(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bytes = new List<byte>();
        var tooLong = false;
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n')
        {
            if (bytes.Count < MaxLineBytes)
            {
                bytes.Add((byte)b);
            }
            else
            {
                tooLong = true;
            }
        }

        return b < 0 && bytes.Count == 0 ? null : tooLong ? string.Empty : Encoding.UTF8.GetString([.. bytes]);
    }
}
