using System.Globalization;
using System.Text.Json;

namespace ServingMath.Simulation;

/// <summary>
/// Reads the per-request arrays of a vLLM serving benchmark result (the JSON file <c>vllm bench serve --save-result
/// --save-detailed</c>, formerly <c>benchmarks/benchmark_serving.py</c>, writes): <c>start_times</c> (when the client sent
/// each request, seconds on the client's clock), <c>input_lens</c> (prompt tokens) and <c>output_lens</c> (tokens generated).
/// </summary>
internal static class VllmBenchmarkResult
{
    internal const string StartTimes = "start_times";
    internal const string InputLengths = "input_lens";
    internal const string OutputLengths = "output_lens";

    /// <summary>
    /// The requests in send order, times shifted so that the first is sent at 0. A failed request (0 output tokens) is
    /// replayed asking for one, as <see cref="Arrivals.FromTraces"/> does; ids are the request's index in the file.
    /// </summary>
    internal static IReadOnlyList<ArrivalRequest> Read(TextReader reader, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(reader.ReadToEnd());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid JSON document ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: expected a vLLM benchmark result (a JSON object); got a {root.ValueKind}");
            }

            var starts = Array(root, StartTimes, source);
            var inputs = Array(root, InputLengths, source);
            var outputs = Array(root, OutputLengths, source);
            if (inputs.Length != starts.Length || outputs.Length != starts.Length)
            {
                throw new InvalidDataException(
                    $"{source}: \"{StartTimes}\", \"{InputLengths}\" and \"{OutputLengths}\" must have one entry per request; got {starts.Length}, {inputs.Length} and {outputs.Length}");
            }

            var requests = new (double Start, int Prompt, int Output)[starts.Length];
            for (var i = 0; i < starts.Length; i++)
            {
                if (starts[i].ValueKind != JsonValueKind.Number || !starts[i].TryGetDouble(out var start) || !double.IsFinite(start))
                {
                    throw new InvalidDataException($"{source}: \"{StartTimes}\"[{i}] must be a time in seconds; got {starts[i].GetRawText()}");
                }

                requests[i] = (start, Tokens(inputs[i], InputLengths, i, source, minimum: 1), Math.Max(1, Tokens(outputs[i], OutputLengths, i, source, minimum: 0)));
            }

            var first = requests.Length == 0 ? 0 : requests.Min(r => r.Start);
            return Enumerable.Range(0, requests.Length)
                .OrderBy(i => requests[i].Start)
                .Select(i => new ArrivalRequest(requests[i].Start - first, requests[i].Prompt, requests[i].Output, i.ToString(CultureInfo.InvariantCulture)))
                .ToArray();
        }
    }

    private static JsonElement[] Array(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            throw new InvalidDataException(
                $"{source}: no \"{name}\" array; the per-request arrays are saved by `vllm bench serve --save-result --save-detailed`");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: \"{name}\" must be an array (one entry per request); got a {value.ValueKind}");
        }

        return [.. value.EnumerateArray()];
    }

    private static int Tokens(JsonElement e, string name, int index, string source, int minimum)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v) || v < minimum)
        {
            throw new InvalidDataException($"{source}: \"{name}\"[{index}] must be a whole number of tokens ≥ {minimum}; got {e.GetRawText()}");
        }

        return v;
    }
}
