using System.Globalization;
using System.Text.Json.Nodes;

namespace ServingNotebooks.Setup;

/// <summary>What starting the kernel through Jupyter showed.</summary>
/// <param name="Started">Whether the kernel ran both cells without an error.</param>
/// <param name="Detail">What happened, one line.</param>
/// <param name="Elapsed">From starting Jupyter to the executed notebook.</param>
public sealed record ProbeResult(bool Started, string Detail, TimeSpan Elapsed);

/// <summary>
/// Starts the registered kernel once through Jupyter's own client (<c>jupyter nbconvert --execute</c>) in the notebooks folder,
/// as a learner's notebook starts it, and runs the setup cell and one line of the library in it.
/// </summary>
public static class JupyterProbe
{
    /// <summary>The text the probe's second cell prints: Little's law, L = λW with λ = 2 requests/s and W = 3 s, is 6 requests.</summary>
    public const string Expected = "setup probe: L = 6";

    /// <summary>The Jupyter command: <c>jupyter</c> on PATH, else Debian's <c>/usr/bin/jupyter</c>; null when there is none.</summary>
    /// <param name="environment">Reads an environment variable.</param>
    public static string? FindJupyter(Func<string, string?> environment) =>
        Processes.FindOnPath("jupyter", environment) ?? (File.Exists("/usr/bin/jupyter") ? "/usr/bin/jupyter" : null);

    /// <summary>The probe notebook: <c>#!import setup.dib</c>, then <c>Queueing.LittlesLaw(2, 3)</c> printed.</summary>
    public static string Notebook() => new JsonObject
    {
        ["cells"] = new JsonArray(Cell("probe-setup", "#!import setup.dib"), Cell("probe-library", "Console.WriteLine($\"setup probe: L = {ServingMath.Queueing.LittlesLaw(2, 3)}\");")),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = KernelSpec.DisplayName, ["language"] = KernelSpec.Language, ["name"] = KernelSpec.Name },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    }.ToJsonString();

    /// <summary>Runs the probe; never throws for a kernel that does not start (the result says why).</summary>
    /// <param name="jupyter">The Jupyter command.</param>
    /// <param name="notebooksFolder">Where the kernel starts (setup.dib's relative paths resolve there).</param>
    /// <param name="environment">Variables for Jupyter (its data folder).</param>
    /// <param name="timeout">How long kernel start and both cells may take.</param>
    /// <param name="cancellationToken">Stops it.</param>
    public static async Task<ProbeResult> RunAsync(
        string jupyter,
        string notebooksFolder,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var output = Directory.CreateTempSubdirectory("servingbook-setup-");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // --stdin: the kernel starts in nbconvert's working directory (the notebooks folder), and nothing is written there.
            var outcome = await Processes.RunAsync(
                jupyter,
                ["nbconvert", "--to", "notebook", "--execute", "--stdin", "--output-dir", output.FullName, "--output", "probe",
                    $"--ExecutePreprocessor.kernel_name={KernelSpec.Name}", "--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.startup_timeout=300"],
                notebooksFolder,
                environment,
                timeout,
                Notebook(),
                cancellationToken).ConfigureAwait(false);
            var elapsed = stopwatch.Elapsed;
            var executed = Path.Combine(output.FullName, "probe.ipynb");
            if (!outcome.Succeeded || !File.Exists(executed))
            {
                var why = outcome.TimedOut ? string.Create(CultureInfo.InvariantCulture, $"did not finish within {timeout.TotalSeconds:0} s") : $"failed: {outcome.Tail(3).ReplaceLineEndings(" | ")}";
                return new ProbeResult(false, $"jupyter nbconvert {why}", elapsed);
            }

            var problems = Problems(File.ReadAllText(executed));
            return problems.Count == 0
                ? new ProbeResult(true, string.Create(CultureInfo.InvariantCulture, $"the kernel started and ran setup.dib and the library in {elapsed.TotalSeconds:0.0} s"), elapsed)
                : new ProbeResult(false, string.Join("; ", problems), elapsed);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>What is wrong in an executed probe notebook: error outputs, text on stderr, or the expected line missing.</summary>
    /// <param name="executedNotebook">The executed notebook's JSON.</param>
    public static IReadOnlyList<string> Problems(string executedNotebook)
    {
        var problems = new List<string>();
        var shown = new List<string>();
        var cells = JsonNode.Parse(executedNotebook)?["cells"]?.AsArray() ?? [];
        foreach (var output in cells.SelectMany(c => c?["outputs"]?.AsArray() ?? []))
        {
            var type = output?["output_type"]?.GetValue<string>();
            var text = Text(output?["text"]);
            if (type == "error")
            {
                problems.Add($"{output?["ename"]}: {output?["evalue"]}");
            }
            else if (type == "stream" && output?["name"]?.GetValue<string>() == "stderr")
            {
                problems.Add($"the kernel reported: {text.Trim()}");
            }

            shown.Add(text);
        }

        if (problems.Count == 0 && !shown.Any(t => t.Contains(Expected, StringComparison.Ordinal)))
        {
            problems.Add($"the probe cell did not print \"{Expected}\"");
        }

        return problems;
    }

    private static JsonObject Cell(string id, string source) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = id,
        ["metadata"] = new JsonObject(),
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };

    private static string Text(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue value => value.GetValue<string>(),
        _ => string.Empty,
    };
}
