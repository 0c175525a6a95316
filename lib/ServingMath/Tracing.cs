using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ServingMath;

/// <summary>
/// Serving traces: the fields a trace must carry, JSON Lines read/write (the format itself is in <c>TraceJsonLines.cs</c>),
/// and trace analysis (<c>Tracing.Summarize.cs</c>: percentiles, throughput, Little's law, where the slow requests' time went).
/// </summary>
public static partial class Tracing
{
    /// <summary>
    /// The fields every serving trace line must carry, with units in their names:
    /// request_id, arrival_s, queue_ms, prefill_ms, ttft_ms, tpot_ms, prompt_tokens, output_tokens, e2e_ms, status, fallback_path.
    /// (<c>replica</c> is written too but optional.)
    /// </summary>
    public static IReadOnlyList<string> RequiredFields { get; } = Array.AsReadOnly(TraceJsonLines.RequiredFields);

    /// <summary>
    /// Documented names of the required fields in vLLM's Prometheus metrics and in the OpenTelemetry GenAI semantic
    /// conventions, each mapped to this workbook's field (see the table in <see cref="RequestTrace"/>). vLLM and
    /// OpenTelemetry report seconds where the trace stores milliseconds; the names denote the same quantity.
    /// </summary>
    /// <remarks>
    /// Keys compare case-insensitively. A name maps here only when it denotes exactly one field. The per-request TPOT is
    /// <c>vllm:request_time_per_output_token_seconds</c> (vLLM 0.11 and later, <c>vllm/v1/metrics/loggers.py</c>, PR #24110);
    /// <c>vllm:inter_token_latency_seconds</c> and the older <c>vllm:time_per_output_token_seconds</c> (deprecated in 0.11) observe
    /// each gap between engine outputs, a histogram over token gaps rather than one value per request, so neither maps to
    /// <c>tpot_ms</c>.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> FieldSynonyms { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gen_ai.response.id"] = "request_id",
        ["vllm:request_queue_time_seconds"] = "queue_ms",
        ["vllm:request_prefill_time_seconds"] = "prefill_ms",
        ["vllm:time_to_first_token_seconds"] = "ttft_ms",
        ["gen_ai.server.time_to_first_token"] = "ttft_ms",
        ["vllm:request_time_per_output_token_seconds"] = "tpot_ms",
        ["gen_ai.server.time_per_output_token"] = "tpot_ms",
        ["vllm:request_prompt_tokens"] = "prompt_tokens",
        ["gen_ai.usage.input_tokens"] = "prompt_tokens",
        ["vllm:request_generation_tokens"] = "output_tokens",
        ["gen_ai.usage.output_tokens"] = "output_tokens",
        ["vllm:e2e_request_latency_seconds"] = "e2e_ms",
        ["gen_ai.server.request.duration"] = "e2e_ms",
        ["error.type"] = "status",
    }.AsReadOnly();

    /// <summary>
    /// This workbook's field name for a name or a documented synonym (<see cref="FieldSynonyms"/>), trimmed:
    /// <c>ToFieldName("gen_ai.usage.input_tokens")</c> is <c>prompt_tokens</c>. Any other name comes back trimmed and unchanged.
    /// </summary>
    /// <param name="name">A field name, a vLLM metric name or an OpenTelemetry GenAI name; null gives the empty string.</param>
    /// <returns>The workbook's field name, or the trimmed name when it is no documented synonym.</returns>
    public static string ToFieldName(string? name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        return FieldSynonyms.TryGetValue(trimmed, out var field) ? field : trimmed;
    }

    /// <summary>The optional field naming the replica that served the request (an integer ≥ −1, default 0; −1 = none).</summary>
    public const string ReplicaField = TraceJsonLines.Replica;

    /// <summary>
    /// The required fields (in <see cref="RequiredFields"/> order) that <paramref name="fields"/> lacks.
    /// Names are compared exactly (JSON names are case-sensitive), after trimming spaces.
    /// </summary>
    /// <param name="fields">Field names a proposed trace format carries.</param>
    /// <returns>The missing required names; empty when none is missing.</returns>
    public static IReadOnlyList<string> MissingFields(IEnumerable<string> fields)
    {
        Guard.NotNull(fields, nameof(fields));
        var given = new HashSet<string>(fields.Where(f => f is not null).Select(f => f.Trim()), StringComparer.Ordinal);
        return TraceJsonLines.RequiredFields.Where(f => !given.Contains(f)).ToArray();
    }

    /// <summary>One trace as one JSON Lines line (no newline), field names as in <see cref="RequiredFields"/> plus <c>replica</c>.</summary>
    /// <param name="trace">The request to write.</param>
    /// <returns>A single-line JSON object.</returns>
    public static string ToJsonLine(RequestTrace trace)
    {
        Guard.NotNull(trace, nameof(trace));
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TraceJsonLines.Write(writer, trace, nameof(trace));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the traces as JSON Lines (one JSON object per line) to a text writer.</summary>
    /// <param name="traces">The requests, in arrival order.</param>
    /// <param name="writer">Where to write; left open.</param>
    public static void WriteJsonLines(IEnumerable<RequestTrace> traces, TextWriter writer)
    {
        Guard.NotNull(traces, nameof(traces));
        Guard.NotNull(writer, nameof(writer));
        var buffer = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(buffer);
        foreach (var trace in traces)
        {
            Guard.NotNull(trace, nameof(traces));
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            TraceJsonLines.Write(json, trace, nameof(traces));
            json.Flush();
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the traces as a JSON Lines file (UTF-8, one JSON object per line), replacing it if it exists.</summary>
    /// <param name="traces">The requests, in arrival order.</param>
    /// <param name="path">The file to write, e.g. <c>trace.jsonl</c>.</param>
    public static void WriteJsonLines(IEnumerable<RequestTrace> traces, string path)
    {
        Guard.NotEmptyPath(path, nameof(path));
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        WriteJsonLines(traces, writer);
    }

    /// <summary>
    /// Reads a JSON Lines trace file. Blank lines are skipped. Every line must carry all <see cref="RequiredFields"/>,
    /// except that <c>fallback_path</c> may be missing (read as null) and each <c>*_ms</c> duration may be given in seconds
    /// as <c>*_s</c> instead (<c>queue_s</c>, <c>prefill_s</c>, <c>ttft_s</c>, <c>tpot_s</c>, <c>e2e_s</c>); an optional
    /// <c>preemptions</c> count is read too. ttft and tpot must agree with queue + prefill and (e2e − ttft)/(output − 1) to 0.001 ms;
    /// arrivals must be in time order.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The requests, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not valid, naming the line number.</exception>
    public static IReadOnlyList<RequestTrace> ReadJsonLines(string path)
    {
        Guard.NotEmptyPath(path, nameof(path));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"trace file not found: '{Path.GetFullPath(path)}'", path);
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        return ReadJsonLines(reader, Path.GetFileName(path));
    }

    /// <summary>Reads JSON Lines trace text (see <see cref="ReadJsonLines(string)"/> for the rules).</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="sourceName">A name for error messages, e.g. the file name.</param>
    /// <returns>The requests, in input order.</returns>
    /// <exception cref="InvalidDataException">A line is not valid, naming the line number.</exception>
    public static IReadOnlyList<RequestTrace> ReadJsonLines(TextReader reader, string sourceName = "trace")
    {
        LibraryCalls.Record(typeof(Tracing));
        Guard.NotNull(reader, nameof(reader));
        return TimeOrderedLines.Read(reader, sourceName, linesAlreadyRead: 0, (line, number) => TraceJsonLines.Parse(line, number, sourceName),
            t => t.ArrivalSeconds, TraceJsonLines.Arrival);
    }
}
