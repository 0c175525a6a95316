using System.Globalization;
using System.Text;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// Comma-separated values as the LMS importers read and write them (RFC 4180: fields with a comma, quote or line break are
/// quoted, quotes doubled). Rows are read whole, so a quoted field may hold line breaks, as Canvas's exported gradebook does.
/// </summary>
public static class CsvText
{
    /// <summary>Reads every row of <paramref name="text"/>. A leading byte-order mark is skipped; blank lines are dropped.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="separator">
    /// The field separator: <c>,</c>, or <c>;</c> for the exports of users with a decimal-comma locale or the "semicolon field
    /// separators" setting (Canvas's <c>lib/csv_with_i18n.rb</c>, <c>determine_column_separator</c>).
    /// </param>
    /// <returns>The rows, each a list of fields.</returns>
    /// <exception cref="FormatException">A quoted field is never closed; the message names the line it opened on.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Read(string text, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        if (separator is not (',' or ';' or '\t'))
        {
            throw new ArgumentOutOfRangeException(nameof(separator), separator, $"separator must be ',', ';' or a tab, not '{separator}'");
        }

        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var quoteLine = 0;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    break;
                case var _ when c == separator:
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRow();
                    line++;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {quoteLine}: a quoted field is never closed (a \" without its closing \")");
        }

        EndRow();
        return rows;

        void EndRow()
        {
            row.Add(field.ToString());
            field.Clear();
            if (row.Count > 1 || row[0].Length > 0)
            {
                rows.Add(row);
            }

            row = [];
        }
    }

    /// <summary>One CSV line (no line break) from <paramref name="fields"/>, each quoted only when it must be.</summary>
    /// <param name="fields">The fields.</param>
    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Field));

    /// <summary>
    /// One field: quoted when it holds a comma, quote or line break; a leading <c>= + - @</c> gets an apostrophe so a
    /// spreadsheet does not run a student's name as a formula.
    /// </summary>
    /// <param name="value">The field's text.</param>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !IsNumber(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim()
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
    }

    /// <summary>A score as the importers read it: invariant culture, at most two decimals, no thousands separator.</summary>
    /// <param name="points">The points.</param>
    public static string Number(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
