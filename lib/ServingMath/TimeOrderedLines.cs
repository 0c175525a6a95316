namespace ServingMath;

/// <summary>
/// The line loop every record file in the library shares (<see cref="Tracing.ReadJsonLines(TextReader, string)"/>,
/// <see cref="Simulation.Arrivals.ReadCsv"/>): lines are numbered from 1 as an editor shows them, blank lines are
/// skipped, each other line becomes one record, and the records' times must not decrease. Every problem is an
/// <see cref="InvalidDataException"/> that names the source and the line.
/// </summary>
internal static class TimeOrderedLines
{
    /// <summary>
    /// Reads the rest of <paramref name="reader"/>: each non-blank line through <paramref name="parse"/> (given the line
    /// and its number), checking that <paramref name="time"/> of each record is at least that of the one before.
    /// </summary>
    /// <param name="reader">The text, positioned at line <paramref name="linesAlreadyRead"/> + 1.</param>
    /// <param name="sourceName">A name for error messages, e.g. the file name.</param>
    /// <param name="linesAlreadyRead">Lines the caller read before (a header: 1), so that numbers match the file.</param>
    /// <param name="parse">Turns one line into a record; throws <see cref="InvalidDataException"/> naming the line.</param>
    /// <param name="time">The record's time, seconds.</param>
    /// <param name="timeField">The time's field name in the file, e.g. "arrival_s".</param>
    /// <returns>The records, in file order.</returns>
    internal static List<T> Read<T>(
        TextReader reader, string sourceName, int linesAlreadyRead, Func<string, int, T> parse, Func<T, double> time, string timeField)
    {
        var result = new List<T>();
        var lineNumber = linesAlreadyRead;
        var previousTime = double.NegativeInfinity;
        var previousLine = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var record = parse(line, lineNumber);
            var t = time(record);
            if (t < previousTime)
            {
                throw new InvalidDataException(
                    $"{sourceName} line {lineNumber}: {timeField} {Guard.Show(t)} is earlier than line {previousLine}'s " +
                    $"{Guard.Show(previousTime)}; the lines must be in time order (sort the file by {timeField})");
            }

            previousTime = t;
            previousLine = lineNumber;
            result.Add(record);
        }

        return result;
    }
}
