using System.Text;

namespace ServingMath;

public static partial class Tracing
{
    /// <summary>
    /// Audits a JSON Lines trace file without stopping at the first bad record: every record that
    /// <see cref="ReadJsonLines(string)"/> would reject, with what is wrong. The rules are the reader's — every required
    /// field present and of its type, durations ≥ 0, ttft_ms = queue_ms + prefill_ms and
    /// tpot_ms = (e2e_ms − ttft_ms) / (output_tokens − 1) (0 for fewer than two tokens) to 0.001 ms, e2e_ms ≥ ttft_ms —
    /// except the time order of arrivals, which concerns two records rather than one.
    /// </summary>
    /// <param name="path">The file to audit.</param>
    /// <returns>The records that break a rule, in file order; empty when every record is consistent.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <example>
    /// <code>
    /// foreach (var finding in Tracing.Audit("data/collector-export.jsonl")) { display($"line {finding.Line}: {finding.Problem}"); }
    /// </code>
    /// </example>
    public static IReadOnlyList<TraceFinding> Audit(string path)
    {
        Guard.NotEmptyPath(path, nameof(path));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"trace file not found: '{Path.GetFullPath(path)}'", path);
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        return Audit(reader, Path.GetFileName(path));
    }

    /// <summary>Audits JSON Lines trace text (see <see cref="Audit(string)"/> for the rules).</summary>
    /// <param name="reader">The text to audit.</param>
    /// <param name="sourceName">A name for the problems, e.g. the file name.</param>
    /// <returns>The records that break a rule, in input order.</returns>
    public static IReadOnlyList<TraceFinding> Audit(TextReader reader, string sourceName = "trace")
    {
        LibraryCalls.Record(typeof(Tracing));
        Guard.NotNull(reader, nameof(reader));
        var findings = new List<TraceFinding>();
        var (lineNumber, record) = (0, 0);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                _ = TraceJsonLines.Parse(line, lineNumber, sourceName);
            }
            catch (InvalidDataException e)
            {
                findings.Add(new TraceFinding(record, lineNumber, e.Message));
            }

            record++;
        }

        return findings;
    }
}
