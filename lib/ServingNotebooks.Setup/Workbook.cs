using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServingNotebooks.Setup;

/// <summary>
/// A copy of the workbook on disk (the repository or a student copy): the folder holding <c>notebooks/setup.dib</c> and the
/// tool manifest <c>.config/dotnet-tools.json</c>, and what setup needs to know about it.
/// </summary>
/// <param name="Root">The workbook's root folder.</param>
public sealed partial record Workbook(string Root)
{
    /// <summary>The .NET Interactive tool's package id in the tool manifest.</summary>
    public const string ToolPackage = "microsoft.dotnet-interactive";

    /// <summary>
    /// The project to build so that <c>lib/bin/</c> holds what setup.dib loads (every build of the math and charts libraries
    /// copies them there, lib/NotebookLibraries.targets): in the repository <c>lib/ServingBook</c>, the project the README's main
    /// command runs, which builds both libraries (building the same graph keeps lib/bin and servingbook's own copy the same build);
    /// in a student copy, which has no servingbook, the exercises library, which builds the math and charts libraries too.
    /// </summary>
    public string LibraryProject =>
        File.Exists(Path.Combine(Root, "lib", "ServingBook", "ServingBook.csproj"))
            ? Path.Combine("lib", "ServingBook", "ServingBook.csproj")
            : Path.Combine("lib", "ServingNotebooks.Exercises", "ServingNotebooks.Exercises.csproj");

    /// <summary>The learner's Jupyter kernel program's project (<c>lib/ServingNotebooks.Kernel</c>), relative to <see cref="Root"/>.</summary>
    public static string KernelProject => Path.Combine("lib", "ServingNotebooks.Kernel", "ServingNotebooks.Kernel.csproj");

    /// <summary>Where setup publishes the kernel program: one folder whatever the build configuration, named in kernel.json.</summary>
    public string KernelFolder => Path.Combine(Root, "lib", "ServingNotebooks.Kernel", "bin", "kernel");

    /// <summary>The published kernel program Jupyter starts.</summary>
    public string KernelProgram => Path.Combine(KernelFolder, KernelSpec.ProgramFile);

    /// <summary>The notebooks folder.</summary>
    public string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>The shared setup notebook every notebook imports.</summary>
    public string SetupDib => Path.Combine(Notebooks, "setup.dib");

    /// <summary>The tool manifest.</summary>
    public string ToolManifest => Path.Combine(Root, ".config", "dotnet-tools.json");

    /// <summary>The workbook around <paramref name="start"/>: that folder or the nearest parent with both files; null when none has.</summary>
    /// <param name="start">Where to start looking.</param>
    public static Workbook? Find(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            var candidate = new Workbook(folder.FullName);
            if (File.Exists(candidate.SetupDib) && File.Exists(candidate.ToolManifest))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The .NET Interactive version the tool manifest pins.</summary>
    /// <exception cref="InvalidDataException">The manifest does not pin the tool.</exception>
    public string PinnedToolVersion()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ToolManifest));
        return manifest?["tools"]?[ToolPackage]?["version"]?.GetValue<string>()
            ?? throw new InvalidDataException($"{ToolManifest} does not pin the tool {ToolPackage}; restore the file from the workbook.");
    }

    /// <summary>The SDK version global.json asks for (its <c>sdk.version</c>), or null when there is no global.json.</summary>
    public string? RequiredSdk()
    {
        var path = Path.Combine(Root, "global.json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?["sdk"]?["version"]?.GetValue<string>() : null;
    }

    /// <summary>The NuGet packages setup.dib loads (<c>#r "nuget: Id, Version"</c>), in order.</summary>
    public IReadOnlyList<(string Id, string Version)> SetupPackages() =>
        [.. NuGetReference().Matches(File.ReadAllText(SetupDib)).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    /// <summary>The dll files setup.dib loads (<c>#r "….dll"</c>), as full paths (relative ones resolve against the notebooks folder).</summary>
    public IReadOnlyList<string> SetupAssemblies() =>
        [.. AssemblyReference().Matches(File.ReadAllText(SetupDib)).Select(m => Path.GetFullPath(m.Groups[1].Value, Notebooks)).Distinct()];

    [GeneratedRegex("^\\s*#r\\s+\"nuget:\\s*([^,\"\\s]+)\\s*,\\s*([^\"\\s]+)\\s*\"", RegexOptions.Multiline)]
    private static partial Regex NuGetReference();

    [GeneratedRegex("^\\s*#r\\s+\"([^\"]+\\.dll)\"", RegexOptions.Multiline)]
    private static partial Regex AssemblyReference();
}
