using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServingNotebooks.Runner;

/// <summary>
/// Writes a notebook's JSON byte for byte as Jupyter saves it, so that opening and saving a notebook this project wrote
/// changes nothing: nbformat 5.5's <c>nbformat.v4.nbjson.JSONWriter.writes</c> followed by <c>nbformat.write</c>, which
/// is what Jupyter's contents API calls on save.
/// </summary>
/// <remarks>
/// That writer is Python's <c>json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)</c>
/// after <c>split_lines</c> (a cell's <c>source</c>, a stream's <c>text</c>, and in a display's or result's data every
/// <c>text/*</c>, <c>application/javascript</c> and <c>image/svg+xml</c> value become lists of lines, split as Python's
/// <c>str.splitlines(True)</c> splits) and <c>strip_transient</c> (no <c>metadata.signature</c>,
/// <c>orig_nbformat</c>, <c>orig_nbformat_minor</c>, nor a cell's <c>metadata.trusted</c>), then a final newline.
/// Python's rules kept here: keys sorted by code point at every level; strings escape only <c>"</c>, <c>\</c> and
/// control characters (<c>\n \r \t \b \f</c>, the rest as <c>\u00xx</c> in lower-case hex), everything else as it is;
/// numbers as Python prints them (<c>2</c>, <c>0.5</c>, <c>1e-05</c>, <c>1e+16</c>).
/// </remarks>
public static class JupyterJson
{
    private static readonly HashSet<string> SplitMimeTypes = ["application/javascript", "image/svg+xml"];

    /// <summary>The notebook <paramref name="json"/> as Jupyter would save it.</summary>
    /// <param name="json">A notebook (nbformat 4) as JSON text.</param>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static string Format(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var builder = new StringBuilder(json.Length);
        WriteValue(builder, document.RootElement, 0, Path.Root);
        builder.Append('\n');
        return builder.ToString();
    }

    /// <summary>Python's <c>str.splitlines(keepends=True)</c>: every line keeps its ending; the boundaries are Python's.</summary>
    /// <param name="text">The text to split.</param>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>Where in the notebook a value sits, as far as splitting lines and stripping transient keys care.</summary>
    private enum Path
    {
        Root,
        Other,
        NotebookMetadata,
        Cells,
        Cell,
        CellMetadata,
        Outputs,
        Output,
        MimeBundle,
    }

    private static void WriteValue(StringBuilder builder, JsonElement value, int depth, Path path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(builder, value, depth, path);
                break;
            case JsonValueKind.Array:
                var items = value.EnumerateArray().ToList();
                if (items.Count == 0)
                {
                    builder.Append("[]");
                    break;
                }

                builder.Append('[');
                var itemPath = path switch
                {
                    Path.Cells => Path.Cell,
                    Path.Outputs => Path.Output,
                    _ => Path.Other,
                };
                for (var i = 0; i < items.Count; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
                    WriteValue(builder, items[i], depth + 1, itemPath);
                }

                builder.Append('\n').Append(' ', depth).Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, value.GetString()!);
                break;
            case JsonValueKind.Number:
                builder.Append(PythonNumber(value.GetRawText()));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteObject(StringBuilder builder, JsonElement value, int depth, Path path)
    {
        var properties = value.EnumerateObject()
            .Where(p => !IsTransient(path, p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        if (properties.Count == 0)
        {
            builder.Append("{}");
            return;
        }

        var cellType = path == Path.Cell && value.TryGetProperty("cell_type", out var type) ? type.GetString() : null;
        var outputType = path == Path.Output && value.TryGetProperty("output_type", out var kind) ? kind.GetString() : null;
        builder.Append('{');
        for (var i = 0; i < properties.Count; i++)
        {
            var (name, item) = (properties[i].Name, properties[i].Value);
            builder.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
            WriteString(builder, name);
            builder.Append(": ");
            var split = item.ValueKind is JsonValueKind.String or JsonValueKind.Array && path switch
            {
                Path.Cell => name == "source",
                Path.Output => outputType == "stream" && name == "text",
                Path.MimeBundle => name.StartsWith("text/", StringComparison.Ordinal) || SplitMimeTypes.Contains(name),
                _ => false,
            };
            if (split)
            {
                WriteLines(builder, Joined(item), depth + 1);
                continue;
            }

            var childPath = (path, name) switch
            {
                (Path.Root, "metadata") => Path.NotebookMetadata,
                (Path.Root, "cells") => Path.Cells,
                (Path.Cell, "metadata") => Path.CellMetadata,
                (Path.Cell, "outputs") when cellType == "code" => Path.Outputs,
                (Path.Cell, "attachments") => Path.Other,
                (Path.Output, "data") when outputType is "execute_result" or "display_data" => Path.MimeBundle,
                _ => Path.Other,
            };
            WriteValue(builder, item, depth + 1, childPath);
        }

        builder.Append('\n').Append(' ', depth).Append('}');
    }

    private static bool IsTransient(Path path, string name) => path switch
    {
        Path.NotebookMetadata => name is "signature" or "orig_nbformat" or "orig_nbformat_minor",
        Path.CellMetadata => name == "trusted",
        _ => false,
    };

    /// <summary>A multi-line value read back as one string: a string as it is, a list of lines joined (nbformat's <c>rejoin_lines</c>).</summary>
    private static string Joined(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Concat(value.EnumerateArray().Select(l => l.GetString()));

    private static void WriteLines(StringBuilder builder, string text, int depth)
    {
        var lines = SplitLines(text);
        if (lines.Count == 0)
        {
            builder.Append("[]");
            return;
        }

        builder.Append('[');
        for (var i = 0; i < lines.Count; i++)
        {
            builder.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
            WriteString(builder, lines[i]);
        }

        builder.Append('\n').Append(' ', depth).Append(']');
    }

    /// <summary>Python's <c>json.dumps</c> string with <c>ensure_ascii=False</c>.</summary>
    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>
    /// A JSON number as Python writes it after reading it: an integer as it is; anything with a fraction or an exponent as
    /// Python's <c>repr(float)</c> (the shortest digits that round-trip, fixed notation for decimal exponents -4 to 15,
    /// otherwise <c>d.ddde±XX</c>).
    /// </summary>
    internal static string PythonNumber(string raw)
    {
        if (!raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return raw;
        }

        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        // "R" gives the shortest digits that round-trip (.NET Core 3.0 and later), as Python's repr does.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(roundTrip);
        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : string.Empty;
        if (digits.Trim('0').Length == 0)
        {
            return sign + "0.0";
        }

        if (exponent is >= -4 and < 16)
        {
            string fixedText;
            if (exponent >= 0)
            {
                var whole = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                fixedText = $"{whole}.{fraction}";
            }
            else
            {
                fixedText = $"0.{new string('0', -exponent - 1)}{digits}";
            }

            return sign + fixedText;
        }

        var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    /// <summary>The significant digits (no leading or trailing zeros) and the decimal exponent of the first one.</summary>
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var integer = point < 0 ? text : text[..point];
        var fraction = point < 0 ? string.Empty : text[(point + 1)..];
        var all = integer + fraction;
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return digits.Length == 0 ? ("0", 0) : (digits, exponent + integer.Length - 1 - leading);
    }
}
