using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServingNotebooks.Setup;

/// <summary>
/// The Jupyter kernel spec (<c>kernels/.net-csharp/kernel.json</c>) the workbook needs: the C# kernel of the pinned
/// .NET Interactive tool, started by absolute path (so it starts wherever a notebook is opened, with or without the tool
/// manifest nearby), with its HTTP listener on localhost only.
/// </summary>
public static partial class KernelSpec
{
    /// <summary>The kernel's name: the notebooks' <c>metadata.kernelspec.name</c>.</summary>
    public const string Name = ".net-csharp";

    /// <summary>The name Jupyter shows: the notebooks' <c>metadata.kernelspec.display_name</c>.</summary>
    public const string DisplayName = ".NET (C#)";

    /// <summary>The kernel's language: the notebooks' <c>metadata.kernelspec.language</c>.</summary>
    public const string Language = "C#";

    /// <summary>The option that keeps the kernel's HTTP listener on localhost.</summary>
    public const string HttpLocalOnly = "--http-local-only";

    /// <summary>
    /// The kernel.json setup writes: <c>[dotnet, "--roll-forward", "Major", tool dll, "jupyter", "--default-kernel", "csharp",
    /// "--http-local-only", "{connection_file}", "--http-port-range", "2048-3000"]</c> (the roll-forward the tool manifest asks for, so a
    /// newer .NET runtime also starts it), the names Microsoft's <c>jupyter install</c> uses (so notebooks and VS Code match it), the
    /// tool's telemetry turned off and dynamic PGO off (a faster start).
    /// </summary>
    /// <param name="dotnetHost">Absolute path of the <c>dotnet</c> executable.</param>
    /// <param name="toolDll">Absolute path of the pinned tool's <c>Microsoft.DotNet.Interactive.App.dll</c>.</param>
    public static JsonObject Expected(string dotnetHost, string toolDll)
    {
        ArgumentException.ThrowIfNullOrEmpty(dotnetHost);
        ArgumentException.ThrowIfNullOrEmpty(toolDll);
        return new JsonObject
        {
            ["argv"] = new JsonArray(dotnetHost, "--roll-forward", "Major", toolDll, "jupyter", "--default-kernel", "csharp", HttpLocalOnly, "{connection_file}", "--http-port-range", "2048-3000"),
            ["display_name"] = DisplayName,
            ["language"] = Language,
            // Dynamic PGO instruments the JIT-compiled Roslyn and .NET Interactive code (shipped as IL only) and costs about
            // 15 % of the CPU time of starting the kernel and running the setup cell (.ci/bench-notebooks); a short session never
            // recovers it.
            ["env"] = new JsonObject { ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_TieredPGO"] = "0" },
            ["metadata"] = new JsonObject
            {
                ["vscode"] = new JsonObject { ["extension_id"] = "ms-dotnettools.dotnet-interactive-vscode", ["kernel_id"] = "dotnet-interactive" },
            },
        };
    }

    /// <summary>The text setup writes for <paramref name="spec"/> (two-space indent, a final newline).</summary>
    /// <param name="spec">A kernel spec.</param>
    public static string Format(JsonObject spec) =>
        spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>
    /// What is wrong with an existing kernel spec, compared with <paramref name="expected"/>, in words a learner understands;
    /// empty when it is what setup writes.
    /// </summary>
    /// <param name="existing">The text of the registered kernel.json.</param>
    /// <param name="expected">What setup writes (<see cref="Expected"/>).</param>
    /// <param name="pinnedVersion">The tool version in <c>.config/dotnet-tools.json</c>.</param>
    public static IReadOnlyList<string> Problems(string existing, JsonObject expected, string pinnedVersion)
    {
        ArgumentNullException.ThrowIfNull(expected);
        JsonObject? spec;
        try
        {
            spec = JsonNode.Parse(existing) as JsonObject;
        }
        catch (JsonException e)
        {
            return [$"it is not valid JSON ({e.Message})"];
        }

        if (spec is null || spec["argv"] is not JsonArray argvNode)
        {
            return ["it has no \"argv\" list, so Jupyter cannot start it"];
        }

        var argv = argvNode.Select(a => a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : string.Empty).ToList();
        var problems = new List<string>();
        if (!argv.Contains(HttpLocalOnly))
        {
            problems.Add("it lacks --http-local-only, so every notebook opens an HTTP listener on all network interfaces");
        }

        var dll = argv.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        if (argv.Count >= 2 && argv[1] == "interactive")
        {
            problems.Add("it runs 'dotnet interactive', which starts only inside a folder with the tool manifest (.config/dotnet-tools.json)");
        }
        else if (dll is not null && ToolVersion().Match(dll.Replace('\\', '/')) is { Success: true } version
            && !string.Equals(version.Groups[1].Value, pinnedVersion, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"it runs .NET Interactive {version.Groups[1].Value}; the workbook pins {pinnedVersion}");
        }
        else if (dll is not null && !File.Exists(dll))
        {
            problems.Add($"its tool {dll} does not exist");
        }

        if (problems.Count == 0 && !JsonNode.DeepEquals(spec, expected))
        {
            var fields = expected.Select(p => p.Key).Concat(spec.Select(p => p.Key)).Distinct()
                .Where(key => !JsonNode.DeepEquals(spec[key], expected[key]));
            problems.Add($"it differs from what setup writes in: {string.Join(", ", fields)}");
        }

        return problems;
    }

    [GeneratedRegex("microsoft\\.dotnet-interactive/([^/]+)/", RegexOptions.IgnoreCase)]
    private static partial Regex ToolVersion();
}
