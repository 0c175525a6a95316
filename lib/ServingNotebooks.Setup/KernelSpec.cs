using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServingNotebooks.Setup;

/// <summary>
/// The Jupyter kernel spec (<c>kernels/.net-csharp/kernel.json</c>) the workbook needs: the workbook's own kernel program
/// (<c>lib/ServingNotebooks.Kernel</c>, published by setup), started by absolute path so that it starts wherever a notebook
/// is opened. It serves the C# kernel over Jupyter's ZeroMQ connection file only: unlike the .NET Interactive tool's
/// <c>jupyter</c> command it opens no HTTP listener that a web page could call.
/// </summary>
public static partial class KernelSpec
{
    /// <summary>The kernel's name: the notebooks' <c>metadata.kernelspec.name</c>.</summary>
    public const string Name = ".net-csharp";

    /// <summary>The name Jupyter shows: the notebooks' <c>metadata.kernelspec.display_name</c>.</summary>
    public const string DisplayName = ".NET (C#)";

    /// <summary>The kernel's language: the notebooks' <c>metadata.kernelspec.language</c>.</summary>
    public const string Language = "C#";

    /// <summary>The kernel program's file name (<c>lib/ServingNotebooks.Kernel</c>'s assembly).</summary>
    public const string ProgramFile = "servingnotebooks-kernel.dll";

    /// <summary>
    /// The kernel.json setup writes: <c>[dotnet, kernel program, "{connection_file}"]</c>, the names Microsoft's
    /// <c>jupyter install</c> uses (so notebooks and VS Code match it), and the .NET CLI's telemetry and banner off for the
    /// <c>dotnet</c> commands the kernel runs to restore <c>#r "nuget: …"</c> packages.
    /// </summary>
    /// <param name="dotnetHost">Absolute path of the <c>dotnet</c> executable.</param>
    /// <param name="kernelProgram">Absolute path of the published <c>servingnotebooks-kernel.dll</c>.</param>
    public static JsonObject Expected(string dotnetHost, string kernelProgram)
    {
        ArgumentException.ThrowIfNullOrEmpty(dotnetHost);
        ArgumentException.ThrowIfNullOrEmpty(kernelProgram);
        return new JsonObject
        {
            ["argv"] = new JsonArray(dotnetHost, kernelProgram, "{connection_file}"),
            ["display_name"] = DisplayName,
            ["language"] = Language,
            ["env"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
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
    public static IReadOnlyList<string> Problems(string existing, JsonObject expected)
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
        var program = argv.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        if (argv.Contains("jupyter"))
        {
            var which = argv.Count >= 2 && argv[1] == "interactive" ? "'dotnet interactive jupyter'"
                : program is not null && ToolVersion().Match(program.Replace('\\', '/')) is { Success: true } version ? $"the .NET Interactive tool {version.Groups[1].Value}'s jupyter command"
                : "the .NET Interactive tool's jupyter command";
            problems.Add($"it runs {which}, whose HTTP API (127.0.0.1:2048 and up) any web page open in the browser can call");
        }
        else if (program is not null && !File.Exists(program))
        {
            problems.Add($"its kernel program {program} does not exist");
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
