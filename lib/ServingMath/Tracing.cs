using System.Buffers;
using System.Text;
using System.Text.Json;
using MathNet.Numerics.Statistics;

namespace ServingMath;

/// <summary>What happened to a request on the primary serving path.</summary>
public enum RequestStatus
{
    /// <summary>Served by a replica: every output token was generated. JSON Lines: <c>"ok"</c>.</summary>
    Ok,

    /// <summary>Waited in the queue longer than the queue timeout and left without being served. JSON Lines: <c>"timed_out"</c>.</summary>
    TimedOut,

    /// <summary>Refused at arrival (queue full, or the request can never fit the KV cache). JSON Lines: <c>"rejected"</c>.</summary>
    Rejected,
}

/// <summary>
/// One request as a serving trace records it: when it arrived, how long it queued, prefilled and decoded.
/// All durations are in milliseconds, the arrival time in seconds since the start of the trace.
/// </summary>
/// <remarks>
/// <para>
/// TTFT is counted from <b>arrival</b>, as vLLM and the OpenTelemetry GenAI conventions do:
/// TTFT = queue + prefill. TPOT is the decode time per output token <b>after the first</b>:
/// TPOT = (e2e − TTFT) / (outputTokens − 1), and 0 when the request produced fewer than two tokens.
/// So e2e = TTFT + (outputTokens − 1) × TPOT.
/// </para>
/// <para>Field mapping (JSON Lines name → vLLM Prometheus metric → OpenTelemetry GenAI metric):</para>
/// <list type="table">
/// <listheader><term>JSON Lines field</term><description>vLLM metric / OpenTelemetry GenAI metric</description></listheader>
/// <item><term>request_id</term><description>request id / span attribute <c>gen_ai.response.id</c></description></item>
/// <item><term>arrival_s</term><description>request arrival time (start of the server span)</description></item>
/// <item><term>queue_ms</term><description><c>vllm:request_queue_time_seconds</c> / —</description></item>
/// <item><term>prefill_ms</term><description><c>vllm:request_prefill_time_seconds</c> / —</description></item>
/// <item><term>ttft_ms</term><description><c>vllm:time_to_first_token_seconds</c> / <c>gen_ai.server.time_to_first_token</c></description></item>
/// <item><term>tpot_ms</term><description><c>vllm:time_per_output_token_seconds</c> (newer vLLM: <c>vllm:inter_token_latency_seconds</c>) / <c>gen_ai.server.time_per_output_token</c></description></item>
/// <item><term>prompt_tokens</term><description><c>vllm:request_prompt_tokens</c> / <c>gen_ai.usage.input_tokens</c></description></item>
/// <item><term>output_tokens</term><description><c>vllm:request_generation_tokens</c> / <c>gen_ai.usage.output_tokens</c></description></item>
/// <item><term>e2e_ms</term><description><c>vllm:e2e_request_latency_seconds</c> / <c>gen_ai.server.request.duration</c></description></item>
/// <item><term>status</term><description>finish reason / <c>error.type</c></description></item>
/// <item><term>fallback_path</term><description>— (the serving stack's own label for a degraded answer)</description></item>
/// </list>
/// <para>vLLM and OpenTelemetry report seconds; the trace stores milliseconds (÷ 1000 to compare).</para>
/// </remarks>
/// <param name="RequestId">A unique id for the request (JSON Lines <c>request_id</c>).</param>
/// <param name="ArrivalSeconds">Arrival time, seconds since the start of the trace (<c>arrival_s</c>). Range: ≥ 0.</param>
/// <param name="QueueMs">Time waiting before the replica admitted it, milliseconds (<c>queue_ms</c>). Range: ≥ 0.</param>
/// <param name="PrefillMs">Time from admission to the first token (the prefill), milliseconds (<c>prefill_ms</c>). Range: ≥ 0.</param>
/// <param name="PromptTokens">Prompt (input) tokens (<c>prompt_tokens</c>). Range: ≥ 0.</param>
/// <param name="OutputTokens">Output tokens the replica generated (<c>output_tokens</c>); 0 when the request was not served. Range: ≥ 0.</param>
/// <param name="EndToEndMs">Arrival to last token (or to leaving), milliseconds (<c>e2e_ms</c>). Range: ≥ TTFT.</param>
/// <param name="Status">What happened on the primary path (<c>status</c>).</param>
/// <param name="FallbackPath">The name of the fallback that answered instead, or null when none did (<c>fallback_path</c>).</param>
/// <param name="Replica">The replica (or server) index that served it; 0 for a single server; −1 when the request was refused before reaching any replica (<c>replica</c>).</param>
public sealed record RequestTrace(
    string RequestId,
    double ArrivalSeconds,
    double QueueMs,
    double PrefillMs,
    int PromptTokens,
    int OutputTokens,
    double EndToEndMs,
    RequestStatus Status = RequestStatus.Ok,
    string? FallbackPath = null,
    int Replica = 0)
{
    /// <summary>Time to first token, milliseconds, counted from arrival: TTFT = queue + prefill.</summary>
    public double TtftMs => QueueMs + PrefillMs;

    /// <summary>
    /// Time per output token after the first, milliseconds: TPOT = (e2e − TTFT) / (outputTokens − 1);
    /// 0 when fewer than two tokens were generated.
    /// </summary>
    public double TpotMs => OutputTokens > 1 ? (EndToEndMs - TtftMs) / (OutputTokens - 1) : 0.0;

    /// <summary>Decode time, milliseconds: e2e − TTFT (first token to last token).</summary>
    public double DecodeMs => EndToEndMs - TtftMs;

    /// <summary>When the request left the system, seconds: arrival + e2e / 1000.</summary>
    public double DepartureSeconds => ArrivalSeconds + (EndToEndMs / 1000.0);
}

/// <summary>p50 / p90 / p99 and mean of one latency, milliseconds, over the requests it applies to.</summary>
/// <param name="P50">Median, milliseconds.</param>
/// <param name="P90">90th percentile, milliseconds.</param>
/// <param name="P99">99th percentile, milliseconds.</param>
/// <param name="Mean">Arithmetic mean, milliseconds.</param>
/// <param name="Count">How many requests the figures are over; 0 means all figures are NaN.</param>
public sealed record LatencyPercentiles(double P50, double P90, double P99, double Mean, int Count);

/// <summary>Where the time of a group of requests went: mean share of queue, prefill and decode in e2e.</summary>
/// <param name="Requests">How many requests the group holds.</param>
/// <param name="QueueShare">Mean over the group of queue / e2e. Range: 0 to 1.</param>
/// <param name="PrefillShare">Mean over the group of prefill / e2e. Range: 0 to 1.</param>
/// <param name="DecodeShare">Mean over the group of decode / e2e. Range: 0 to 1.</param>
/// <param name="MeanEndToEndMs">Mean e2e of the group, milliseconds.</param>
public sealed record TimeShares(int Requests, double QueueShare, double PrefillShare, double DecodeShare, double MeanEndToEndMs);

/// <summary>What a trace says: latency percentiles, throughput, Little's law, and where the slowest requests' time went.</summary>
/// <param name="Requests">All requests in the trace.</param>
/// <param name="Completed">Requests with status Ok.</param>
/// <param name="TimedOut">Requests with status TimedOut.</param>
/// <param name="Rejected">Requests with status Rejected.</param>
/// <param name="ServedByFallback">Requests with a non-null fallback path.</param>
/// <param name="TtftMs">TTFT percentiles over Ok requests, milliseconds.</param>
/// <param name="TpotMs">TPOT percentiles over Ok requests with at least two output tokens, milliseconds.</param>
/// <param name="EndToEndMs">e2e percentiles over Ok requests, milliseconds.</param>
/// <param name="QueueMs">Queue-wait percentiles over Ok requests (vLLM's request_queue_time), milliseconds.</param>
/// <param name="SpanSeconds">First arrival to last departure, seconds.</param>
/// <param name="RequestsPerSecond">Completed (Ok) requests / span, requests per second.</param>
/// <param name="OutputTokensPerSecond">Output tokens of Ok requests / span, tokens per second.</param>
/// <param name="ArrivalRate">λ = all requests / span, requests per second.</param>
/// <param name="MeanTimeInSystemSeconds">W = mean e2e over all requests (whatever their status), seconds.</param>
/// <param name="MeanConcurrency">L = (1/span) ∫ N(t) dt, the time-average number in the system, integrated over the trace.</param>
/// <param name="Slowest">Where the time of the slowest Ok requests went.</param>
public sealed record TraceSummary(
    int Requests,
    int Completed,
    int TimedOut,
    int Rejected,
    int ServedByFallback,
    LatencyPercentiles TtftMs,
    LatencyPercentiles TpotMs,
    LatencyPercentiles EndToEndMs,
    LatencyPercentiles QueueMs,
    double SpanSeconds,
    double RequestsPerSecond,
    double OutputTokensPerSecond,
    double ArrivalRate,
    double MeanTimeInSystemSeconds,
    double MeanConcurrency,
    TimeShares Slowest)
{
    /// <summary>Little's law's right-hand side λ·W (requests), to compare with <see cref="MeanConcurrency"/> L.</summary>
    public double LittlesLawProduct => ArrivalRate * MeanTimeInSystemSeconds;

    /// <summary>|L − λW| / λW: 0 up to round-off on a complete, consistent trace.</summary>
    public double LittlesLawRelativeGap =>
        LittlesLawProduct == 0 ? Math.Abs(MeanConcurrency) : Math.Abs(MeanConcurrency - LittlesLawProduct) / LittlesLawProduct;
}

/// <summary>
/// Serving traces: the fields a trace must carry, JSON Lines read/write, and trace analysis
/// (percentiles, throughput, Little's law, where the slow requests' time went).
/// </summary>
public static class Tracing
{
    private static readonly string[] FieldNames =
    [
        "request_id", "arrival_s", "queue_ms", "prefill_ms", "ttft_ms", "tpot_ms",
        "prompt_tokens", "output_tokens", "e2e_ms", "status", "fallback_path",
    ];

    /// <summary>
    /// The fields every serving trace line must carry, with units in their names:
    /// request_id, arrival_s, queue_ms, prefill_ms, ttft_ms, tpot_ms, prompt_tokens, output_tokens, e2e_ms, status, fallback_path.
    /// (<c>replica</c> is written too but optional.)
    /// </summary>
    public static IReadOnlyList<string> RequiredFields { get; } = Array.AsReadOnly(FieldNames);

    /// <summary>The optional field naming the replica that served the request (an integer ≥ −1, default 0; −1 = none).</summary>
    public const string ReplicaField = "replica";

    /// <summary>
    /// Documented names of the required fields in vLLM's Prometheus metrics and in the OpenTelemetry GenAI semantic
    /// conventions, each mapped to this workbook's field (see the table in <see cref="RequestTrace"/>). vLLM and
    /// OpenTelemetry report seconds where the trace stores milliseconds; the names denote the same quantity.
    /// </summary>
    /// <remarks>Keys compare case-insensitively. A name maps here only when it denotes exactly one field.</remarks>
    public static IReadOnlyDictionary<string, string> FieldSynonyms { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gen_ai.response.id"] = "request_id",
        ["vllm:request_queue_time_seconds"] = "queue_ms",
        ["vllm:request_prefill_time_seconds"] = "prefill_ms",
        ["vllm:time_to_first_token_seconds"] = "ttft_ms",
        ["gen_ai.server.time_to_first_token"] = "ttft_ms",
        ["vllm:time_per_output_token_seconds"] = "tpot_ms",
        ["vllm:inter_token_latency_seconds"] = "tpot_ms",
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
        return FieldNames.Where(f => !given.Contains(f)).ToArray();
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
            WriteObject(writer, trace);
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
            WriteObject(json, trace);
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
    /// Reads a JSON Lines trace file. Blank lines are skipped. Every line must carry all <see cref="RequiredFields"/>;
    /// ttft_ms and tpot_ms must agree with queue + prefill and (e2e − ttft)/(output − 1) to 0.001 ms;
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
        Guard.NotNull(reader, nameof(reader));
        var result = new List<RequestTrace>();
        var lineNumber = 0;
        var previousArrival = double.NegativeInfinity;
        var previousLine = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var trace = ParseLine(line, lineNumber, sourceName);
            if (trace.ArrivalSeconds < previousArrival)
            {
                throw new InvalidDataException(
                    $"{sourceName} line {lineNumber}: arrival_s {Guard.Show(trace.ArrivalSeconds)} is earlier than line {previousLine}'s " +
                    $"{Guard.Show(previousArrival)}; a trace must be in arrival order (sort it by arrival_s)");
            }

            previousArrival = trace.ArrivalSeconds;
            previousLine = lineNumber;
            result.Add(trace);
        }

        return result;
    }

    /// <summary>
    /// Summarizes a trace. Percentiles use MathNet.Numerics <c>SortedArrayStatistics.QuantileCustom</c> with
    /// <c>QuantileDefinition.R7</c> (Hyndman–Fan type 7: linear between order statistics, the default of
    /// numpy.percentile and Excel PERCENTILE.INC): for n sorted values x₁..xₙ, h = (n − 1)·p + 1,
    /// Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
    /// Latency percentiles cover Ok requests; Little's law covers every request (time in system = e2e).
    /// </summary>
    /// <param name="trace">The requests; any order. Must hold at least one request and span a positive time.</param>
    /// <param name="slowestFraction">Which slowest Ok requests (by e2e) to break down, as a fraction; at least one request. Range: 0 &lt; f ≤ 1; default 0.01 (the slowest 1 %).</param>
    /// <returns>The summary.</returns>
    public static TraceSummary Summarize(IReadOnlyList<RequestTrace> trace, double slowestFraction = 0.01)
    {
        AnswerKey.Record(typeof(Tracing));
        Guard.NotNull(trace, nameof(trace));
        Guard.FractionUpToOne(slowestFraction, nameof(slowestFraction), "share of the completed requests");
        if (trace.Count == 0)
        {
            throw new ArgumentException("trace must hold at least one request; got an empty trace", nameof(trace));
        }

        int completed = 0, timedOut = 0, rejected = 0, fallback = 0;
        long outputTokens = 0;
        var firstArrival = double.PositiveInfinity;
        var lastDeparture = double.NegativeInfinity;
        var totalTimeInSystem = 0.0;
        foreach (var t in trace)
        {
            Guard.NotNull(t, nameof(trace));
            switch (t.Status)
            {
                case RequestStatus.Ok:
                    completed++;
                    outputTokens += t.OutputTokens;
                    break;
                case RequestStatus.TimedOut:
                    timedOut++;
                    break;
                default:
                    rejected++;
                    break;
            }

            if (t.FallbackPath is not null)
            {
                fallback++;
            }

            firstArrival = Math.Min(firstArrival, t.ArrivalSeconds);
            lastDeparture = Math.Max(lastDeparture, t.DepartureSeconds);
            totalTimeInSystem += t.EndToEndMs / 1000.0;
        }

        var span = lastDeparture - firstArrival;
        if (!(span > 0))
        {
            throw new ArgumentException(
                $"trace must span a positive time (first arrival to last departure); got {Guard.Show(span)} s", nameof(trace));
        }

        var ok = trace.Where(t => t.Status == RequestStatus.Ok).ToArray();
        var ttft = Percentiles(ok.Select(t => t.TtftMs));
        var tpot = Percentiles(ok.Where(t => t.OutputTokens > 1).Select(t => t.TpotMs));
        var e2e = Percentiles(ok.Select(t => t.EndToEndMs));
        var queue = Percentiles(ok.Select(t => t.QueueMs));

        return new TraceSummary(
            trace.Count, completed, timedOut, rejected, fallback,
            ttft, tpot, e2e, queue,
            span,
            completed / span,
            outputTokens / span,
            trace.Count / span,
            totalTimeInSystem / trace.Count,
            MeanConcurrency(trace, firstArrival, lastDeparture),
            Slowest(ok, slowestFraction));
    }

    /// <summary>
    /// The time-average number of requests in the system over [fromSeconds, toSeconds]:
    /// L = (1/(t₁ − t₀)) ∫ N(t) dt, where N(t) counts requests with arrival ≤ t &lt; departure.
    /// Computed by sweeping the sorted arrival and departure times.
    /// </summary>
    /// <param name="trace">The requests; any order.</param>
    /// <param name="fromSeconds">Window start t₀, seconds.</param>
    /// <param name="toSeconds">Window end t₁, seconds. Range: t₁ &gt; t₀.</param>
    /// <returns>Mean number in system over the window (requests).</returns>
    public static double MeanConcurrency(IReadOnlyList<RequestTrace> trace, double fromSeconds, double toSeconds)
    {
        AnswerKey.Record(typeof(Tracing));
        Guard.NotNull(trace, nameof(trace));
        if (!(toSeconds > fromSeconds) || double.IsInfinity(toSeconds) || double.IsInfinity(fromSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(toSeconds),
                $"toSeconds must be a finite time after fromSeconds ({Guard.Show(fromSeconds)} s); got {Guard.Show(toSeconds)}");
        }

        var arrivals = new double[trace.Count];
        var departures = new double[trace.Count];
        for (var i = 0; i < trace.Count; i++)
        {
            arrivals[i] = trace[i].ArrivalSeconds;
            departures[i] = trace[i].DepartureSeconds;
        }

        Array.Sort(arrivals);
        Array.Sort(departures);
        double area = 0, previous = fromSeconds;
        int inSystem = 0, a = 0, d = 0;
        while (a < arrivals.Length || d < departures.Length)
        {
            // Departures first at equal times, so a zero-length stay adds no area.
            var isArrival = d >= departures.Length || (a < arrivals.Length && arrivals[a] < departures[d]);
            var time = isArrival ? arrivals[a] : departures[d];
            if (time > toSeconds)
            {
                break;
            }

            if (time > previous)
            {
                area += inSystem * (time - previous);
                previous = time;
            }

            if (isArrival)
            {
                inSystem++;
                a++;
            }
            else
            {
                inSystem--;
                d++;
            }
        }

        if (toSeconds > previous)
        {
            area += inSystem * (toSeconds - previous);
        }

        return area / (toSeconds - fromSeconds);
    }

    /// <summary>
    /// The p-th percentile of some values as this workbook (and numpy's default) computes it, Hyndman–Fan type 7:
    /// sort the n values x₁ ≤ … ≤ xₙ, h = (n − 1)·p + 1, Q = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋) (Q = xₙ when p = 1).
    /// MathNet.Numerics <c>QuantileDefinition.R7</c>.
    /// </summary>
    /// <param name="values">The values, any order. Range: at least one, all finite.</param>
    /// <param name="percentile">The percentile as a fraction (p), 0.99 for p99. Range: 0 ≤ p ≤ 1.</param>
    /// <returns>The percentile, in the values' unit.</returns>
    /// <example><c>Percentile([10, 20, 30, 40], 0.5)</c> is 25; <c>Percentile([10, 20, 30, 40], 0.99)</c> is 39.7.</example>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        AnswerKey.Record(typeof(Tracing));
        Guard.FiniteList(values, nameof(values), "values");
        Guard.Fraction(percentile, nameof(percentile), "percentile as a fraction, 0.99 for p99");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return SortedArrayStatistics.QuantileCustom(sorted, percentile, QuantileDefinition.R7);
    }

    private static LatencyPercentiles Percentiles(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencyPercentiles(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        Array.Sort(sorted);
        return new LatencyPercentiles(
            SortedArrayStatistics.QuantileCustom(sorted, 0.50, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 0.90, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 0.99, QuantileDefinition.R7),
            sorted.Average(),
            sorted.Length);
    }

    /// <summary>
    /// Where the slowest requests spent their time: the ⌈n·f⌉ requests with the longest e2e (at least one; on equal e2e the
    /// earlier in the list), and over them the mean of queue / e2e, prefill / e2e and decode / e2e (requests with e2e 0 are
    /// left out of the means). n·f is computed as written: 7 % of 100 requests is 7, not 8.
    /// </summary>
    /// <param name="requests">The requests to choose from, usually the completed ones; any order.</param>
    /// <param name="fraction">Which slowest share (f), e.g. 0.01 for the slowest 1 %. Range: 0 &lt; f ≤ 1.</param>
    /// <returns>How many requests, their mean shares and their mean e2e; NaN shares when <paramref name="requests"/> is empty.</returns>
    public static TimeShares Slowest(IReadOnlyList<RequestTrace> requests, double fraction = 0.01)
    {
        AnswerKey.Record(typeof(Tracing));
        Guard.NotNull(requests, nameof(requests));
        Guard.FractionUpToOne(fraction, nameof(fraction), "share of the requests");
        if (requests.Count == 0)
        {
            return new TimeShares(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var count = (int)Math.Max(1, ExactRatio.CeilingProduct(requests.Count, fraction));
        var slowest = requests.OrderByDescending(t => t.EndToEndMs).Take(count).ToArray();
        double queue = 0, prefill = 0, decode = 0;
        var withTime = 0;
        foreach (var t in slowest)
        {
            if (t.EndToEndMs > 0)
            {
                queue += t.QueueMs / t.EndToEndMs;
                prefill += t.PrefillMs / t.EndToEndMs;
                decode += t.DecodeMs / t.EndToEndMs;
                withTime++;
            }
        }

        var n = Math.Max(1, withTime);
        return new TimeShares(count, queue / n, prefill / n, decode / n, slowest.Average(t => t.EndToEndMs));
    }

    private static void WriteObject(Utf8JsonWriter writer, RequestTrace t)
    {
        CheckFinite(t.ArrivalSeconds, "arrival_s", t.RequestId);
        CheckFinite(t.QueueMs, "queue_ms", t.RequestId);
        CheckFinite(t.PrefillMs, "prefill_ms", t.RequestId);
        CheckFinite(t.EndToEndMs, "e2e_ms", t.RequestId);
        writer.WriteStartObject();
        writer.WriteString("request_id", t.RequestId);
        writer.WriteNumber("arrival_s", t.ArrivalSeconds);
        writer.WriteNumber("queue_ms", t.QueueMs);
        writer.WriteNumber("prefill_ms", t.PrefillMs);
        writer.WriteNumber("ttft_ms", t.TtftMs);
        writer.WriteNumber("tpot_ms", t.TpotMs);
        writer.WriteNumber("prompt_tokens", t.PromptTokens);
        writer.WriteNumber("output_tokens", t.OutputTokens);
        writer.WriteNumber("e2e_ms", t.EndToEndMs);
        writer.WriteString("status", StatusName(t.Status));
        if (t.FallbackPath is null)
        {
            writer.WriteNull("fallback_path");
        }
        else
        {
            writer.WriteString("fallback_path", t.FallbackPath);
        }

        writer.WriteNumber(ReplicaField, t.Replica);
        writer.WriteEndObject();
    }

    private static void CheckFinite(double value, string field, string id)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"request '{id}': {field} must be a finite number to write JSON; got {Guard.Show(value)}", "traces");
        }
    }

    private static string StatusName(RequestStatus status) => status switch
    {
        RequestStatus.Ok => "ok",
        RequestStatus.TimedOut => "timed_out",
        RequestStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), $"status must be Ok, TimedOut or Rejected; got {status}"),
    };

    private static RequestTrace ParseLine(string line, int lineNumber, string source)
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
                        $"{Where()}: missing field \"{name}\" (every line needs: {string.Join(", ", FieldNames)})");
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

            var idElement = Field("request_id");
            var id = idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString()!,
                JsonValueKind.Number => idElement.GetRawText(),
                _ => throw new InvalidDataException($"{Where()}: field \"request_id\" must be a string; got {idElement.GetRawText()}"),
            };

            var statusElement = Field("status");
            var statusText = statusElement.ValueKind == JsonValueKind.String ? statusElement.GetString()! : statusElement.GetRawText();
            var status = statusText.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "ok" => RequestStatus.Ok,
                "timedout" => RequestStatus.TimedOut,
                "rejected" => RequestStatus.Rejected,
                _ => throw new InvalidDataException($"{Where()}: field \"status\" must be \"ok\", \"timed_out\" or \"rejected\"; got {statusElement.GetRawText()}"),
            };

            var fallbackElement = Field("fallback_path");
            var fallback = fallbackElement.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => fallbackElement.GetString(),
                _ => throw new InvalidDataException($"{Where()}: field \"fallback_path\" must be a string or null; got {fallbackElement.GetRawText()}"),
            };

            var replica = root.TryGetProperty(ReplicaField, out var replicaElement) ? Integer(replicaElement, ReplicaField, minimum: -1) : 0;

            var trace = new RequestTrace(
                id,
                Number("arrival_s"),
                Number("queue_ms"),
                Number("prefill_ms"),
                Integer(Field("prompt_tokens"), "prompt_tokens"),
                Integer(Field("output_tokens"), "output_tokens"),
                Number("e2e_ms"),
                status,
                fallback,
                replica);

            var ttft = Number("ttft_ms");
            if (!Close(ttft, trace.TtftMs))
            {
                throw new InvalidDataException(
                    $"{Where()}: ttft_ms {Guard.Show(ttft)} must equal queue_ms + prefill_ms = {Guard.Show(trace.TtftMs)} (TTFT counts from arrival)");
            }

            if (trace.EndToEndMs < trace.TtftMs - 1e-3)
            {
                throw new InvalidDataException(
                    $"{Where()}: e2e_ms {Guard.Show(trace.EndToEndMs)} is shorter than ttft_ms {Guard.Show(trace.TtftMs)}; the last token cannot come before the first");
            }

            var tpot = Number("tpot_ms", nonNegative: false);
            if (!Close(tpot, trace.TpotMs))
            {
                throw new InvalidDataException(
                    $"{Where()}: tpot_ms {Guard.Show(tpot)} must equal (e2e_ms − ttft_ms) / (output_tokens − 1) = {Guard.Show(trace.TpotMs)} (0 for fewer than 2 tokens)");
            }

            return trace;
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-3 + (1e-9 * Math.Abs(b));
}
