using System.Text.Json;

namespace ServingMath;

/// <summary>
/// The JSON Lines trace format, one request per line: its field names (each spelled here once, used by the writer, the
/// reader and their messages), how a <see cref="RequestTrace"/> is written, and how a line is read and checked.
/// </summary>
internal static class TraceJsonLines
{
    internal const string RequestId = "request_id";
    internal const string Arrival = "arrival_s";
    internal const string Queue = "queue_ms";
    internal const string Prefill = "prefill_ms";
    internal const string Ttft = "ttft_ms";
    internal const string Tpot = "tpot_ms";
    internal const string PromptTokens = "prompt_tokens";
    internal const string OutputTokens = "output_tokens";
    internal const string EndToEnd = "e2e_ms";
    internal const string Status = "status";
    internal const string FallbackPath = "fallback_path";
    internal const string Replica = "replica";
    internal const string Preemptions = "preemptions";
    internal const string PrefixId = "prefix_id";
    internal const string PrefixTokens = "prefix_tokens";
    internal const string CachedTokens = "cached_tokens";

    /// <summary>The suffix of a duration in milliseconds; a reader also takes the field with <see cref="SecondsSuffix"/> instead, in seconds.</summary>
    internal const string MillisecondsSuffix = "_ms";
    internal const string SecondsSuffix = "_s";

    /// <summary>
    /// The fields every line is written with, in order (then <see cref="Replica"/>, <see cref="Preemptions"/> when not 0,
    /// <see cref="PrefixId"/> and <see cref="PrefixTokens"/> when the request shares a prefix, <see cref="CachedTokens"/> when recorded).
    /// A reader is more lenient: a missing <see cref="FallbackPath"/> reads as null, and each <c>*_ms</c> duration may come as
    /// <c>*_s</c> in seconds instead (e.g. <c>queue_s</c>), as traces from other tools are written.
    /// </summary>
    internal static readonly string[] RequiredFields =
        [RequestId, Arrival, Queue, Prefill, Ttft, Tpot, PromptTokens, OutputTokens, EndToEnd, Status, FallbackPath];

    private static readonly (RequestStatus Status, string Name)[] StatusNames =
        [(RequestStatus.Ok, "ok"), (RequestStatus.TimedOut, "timed_out"), (RequestStatus.Rejected, "rejected")];

    /// <summary>Writes one request as one JSON object (the required fields in order, then <see cref="Replica"/>).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="t">The request.</param>
    /// <param name="name">The caller's parameter that holds the request, blamed when a time is not finite.</param>
    internal static void Write(Utf8JsonWriter writer, RequestTrace t, string name)
    {
        CheckFinite(t.ArrivalSeconds, Arrival, t.RequestId, name);
        CheckFinite(t.QueueMs, Queue, t.RequestId, name);
        CheckFinite(t.PrefillMs, Prefill, t.RequestId, name);
        CheckFinite(t.EndToEndMs, EndToEnd, t.RequestId, name);
        writer.WriteStartObject();
        writer.WriteString(RequestId, t.RequestId);
        writer.WriteNumber(Arrival, t.ArrivalSeconds);
        writer.WriteNumber(Queue, t.QueueMs);
        writer.WriteNumber(Prefill, t.PrefillMs);
        writer.WriteNumber(Ttft, t.TtftMs);
        writer.WriteNumber(Tpot, t.TpotMs);
        writer.WriteNumber(PromptTokens, t.PromptTokens);
        writer.WriteNumber(OutputTokens, t.OutputTokens);
        writer.WriteNumber(EndToEnd, t.EndToEndMs);
        writer.WriteString(Status, StatusName(t.Status));
        if (t.FallbackPath is null)
        {
            writer.WriteNull(FallbackPath);
        }
        else
        {
            writer.WriteString(FallbackPath, t.FallbackPath);
        }

        writer.WriteNumber(Replica, t.Replica);
        if (t.Preemptions != 0)
        {
            writer.WriteNumber(Preemptions, t.Preemptions);
        }

        if (t.PrefixId is not null)
        {
            writer.WriteString(PrefixId, t.PrefixId);
            writer.WriteNumber(PrefixTokens, t.PrefixTokens);
        }

        if (t.CachedTokens is int cached)
        {
            writer.WriteNumber(CachedTokens, cached);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads one line: every required field present (a duration as <c>*_ms</c> or <c>*_s</c>; <c>fallback_path</c> may be
    /// missing) and of its type, durations ≥ 0, ttft_ms and tpot_ms agreeing with
    /// queue + prefill and (e2e − ttft)/(output − 1) to 0.001 ms, e2e ≥ ttft. Errors name <paramref name="source"/> and the line.
    /// </summary>
    internal static RequestTrace Parse(string line, int lineNumber, string source)
    {
        string Where() => $"{source} line {lineNumber}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Where()}: not a valid JSON object ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{Where()}: expected a JSON object {{...}}; got a {root.ValueKind}");
            }

            JsonElement Field(string name)
            {
                if (!root.TryGetProperty(name, out var value))
                {
                    throw new InvalidDataException(
                        $"{Where()}: missing field \"{name}\" (every line needs: {string.Join(", ", RequiredFields)})");
                }

                return value;
            }

            double Number(string name, bool nonNegative = true)
            {
                var e = Field(name);
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
                {
                    throw new InvalidDataException($"{Where()}: field \"{name}\" must be a number; got {e.GetRawText()}");
                }

                if (nonNegative && v < 0)
                {
                    throw new InvalidDataException($"{Where()}: field \"{name}\" must be zero or positive; got {e.GetRawText()}");
                }

                return v;
            }

            int Integer(JsonElement e, string name, int minimum = 0)
            {
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v) || v < minimum)
                {
                    throw new InvalidDataException($"{Where()}: field \"{name}\" must be a whole number ≥ {minimum}; got {e.GetRawText()}");
                }

                return v;
            }

            var idElement = Field(RequestId);
            var id = idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString()!,
                JsonValueKind.Number => idElement.GetRawText(),
                _ => throw new InvalidDataException($"{Where()}: field \"{RequestId}\" must be a string; got {idElement.GetRawText()}"),
            };

            var statusElement = Field(Status);
            var statusText = statusElement.ValueKind == JsonValueKind.String ? statusElement.GetString()! : statusElement.GetRawText();
            var status = ParseStatus(statusText) ?? throw new InvalidDataException(
                $"{Where()}: field \"{Status}\" must be {string.Join(" or ", StatusNames.Select(s => $"\"{s.Name}\""))}; got {statusElement.GetRawText()}");

            // A duration in milliseconds ("queue_ms"), or in seconds under the same stem ("queue_s").
            double Duration(string msName, bool nonNegative = true)
            {
                if (root.TryGetProperty(msName, out _))
                {
                    return Number(msName, nonNegative);
                }

                var secondsName = msName[..^MillisecondsSuffix.Length] + SecondsSuffix;
                if (root.TryGetProperty(secondsName, out _))
                {
                    return Number(secondsName, nonNegative) * 1000.0;
                }

                throw new InvalidDataException(
                    $"{Where()}: missing field \"{msName}\" (or \"{secondsName}\" in seconds) (every line needs: {string.Join(", ", RequiredFields)})");
            }

            string? fallback = null;
            if (root.TryGetProperty(FallbackPath, out var fallbackElement))
            {
                fallback = fallbackElement.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => fallbackElement.GetString(),
                    _ => throw new InvalidDataException($"{Where()}: field \"{FallbackPath}\" must be a string or null; got {fallbackElement.GetRawText()}"),
                };
            }

            var replica = root.TryGetProperty(Replica, out var replicaElement) ? Integer(replicaElement, Replica, minimum: -1) : 0;
            var preemptions = root.TryGetProperty(Preemptions, out var preemptionsElement) ? Integer(preemptionsElement, Preemptions) : 0;
            string? prefixId = null;
            if (root.TryGetProperty(PrefixId, out var prefixElement) && prefixElement.ValueKind != JsonValueKind.Null)
            {
                prefixId = prefixElement.ValueKind == JsonValueKind.String
                    ? prefixElement.GetString()
                    : throw new InvalidDataException($"{Where()}: field \"{PrefixId}\" must be a string or null; got {prefixElement.GetRawText()}");
            }

            var prefixTokens = root.TryGetProperty(PrefixTokens, out var prefixTokensElement) ? Integer(prefixTokensElement, PrefixTokens) : 0;
            int? cachedTokens = root.TryGetProperty(CachedTokens, out var cachedElement) ? Integer(cachedElement, CachedTokens) : null;

            var trace = new RequestTrace(
                id,
                Number(Arrival),
                Duration(Queue),
                Duration(Prefill),
                Integer(Field(PromptTokens), PromptTokens),
                Integer(Field(OutputTokens), OutputTokens),
                Duration(EndToEnd),
                status,
                fallback,
                replica,
                preemptions,
                prefixId,
                prefixTokens,
                cachedTokens);

            var ttft = Duration(Ttft);
            if (!Close(ttft, trace.TtftMs))
            {
                throw new InvalidDataException(
                    $"{Where()}: {Ttft} {Guard.Show(ttft)} must equal {Queue} + {Prefill} = {Guard.Show(trace.TtftMs)} (TTFT counts from arrival)");
            }

            if (trace.Problem() is { } problem)
            {
                throw new InvalidDataException($"{Where()}: {problem}");
            }

            var tpot = Duration(Tpot, nonNegative: false);
            if (!Close(tpot, trace.TpotMs))
            {
                throw new InvalidDataException(
                    $"{Where()}: {Tpot} {Guard.Show(tpot)} must equal ({EndToEnd} − {Ttft}) / ({OutputTokens} − 1) = {Guard.Show(trace.TpotMs)} (0 for fewer than 2 tokens)");
            }

            return trace;
        }
    }

    private static string StatusName(RequestStatus status)
    {
        foreach (var (s, name) in StatusNames)
        {
            if (s == status)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(status), status, $"status must be Ok, TimedOut or Rejected; got {status}");
    }

    /// <summary>The status a name stands for, ignoring case and underscores ("timed_out", "TimedOut"); null when none.</summary>
    private static RequestStatus? ParseStatus(string text)
    {
        var key = text.Replace("_", "", StringComparison.Ordinal);
        foreach (var (s, name) in StatusNames)
        {
            if (string.Equals(key, name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                return s;
            }
        }

        return null;
    }

    private static void CheckFinite(double value, string field, string id, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name}: request '{id}': {field} must be a finite number to write JSON; got {Guard.Show(value)}", name);
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-3 + (1e-9 * Math.Abs(b));
}
