using System.Text.RegularExpressions;

namespace ServingNotebooks.Grading;

/// <summary>What <see cref="StudentCopy.Make"/> wrote.</summary>
/// <param name="Folder">The student copy's folder (full path).</param>
/// <param name="Projects">The library projects copied, as paths relative to the copy (e.g. <c>lib/ServingMath</c>).</param>
/// <param name="Notebooks">What releasing each notebook did.</param>
public sealed record StudentCopyResult(string Folder, IReadOnlyList<string> Projects, IReadOnlyList<ReleasedNotebook> Notebooks);

/// <summary>
/// Makes a whole student copy of the workbook in one call: the projects a learner builds (the setup command, the kernel
/// program, the libraries the notebooks load, and every project they reference), the build files they need, the tool
/// manifest, the practice check a GitHub Classroom workflow runs (<c>lib/ServingNotebooks.Practice</c>), the released notebooks (<see cref="Release.Run"/>), a README for students and a <c>.gitignore</c>. The grader
/// (<c>ServingNotebooks.Grading</c>, with the hidden test cases) is never copied: a copy whose projects would need it is refused.
/// </summary>
/// <remarks>
/// The projects are found, not listed: <c>lib/ServingNotebooks.Setup</c>, <c>lib/ServingNotebooks.Kernel</c>, each
/// <c>lib/NAME</c> whose <c>NAME.dll</c> <c>notebooks/setup.dib</c> loads from <c>lib/bin/</c>, and the projects those
/// reference (<c>ProjectReference</c>), transitively; their <c>bin/</c> and <c>obj/</c> folders are left out. The
/// <c>.props</c> and <c>.targets</c> files directly in <c>lib/</c> (imported by the projects) come along. Making a copy again
/// over an earlier one writes the same files.
/// </remarks>
public static partial class StudentCopy
{
    /// <summary>The files of the workbook's root folder a student copy needs to build (each copied when it exists).</summary>
    public static readonly IReadOnlyList<string> RootFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig"];

    /// <summary>The student README (the notebooks' README links to it as <c>../README.md</c>).</summary>
    public const string Readme = """
        # Serving LLMs: the math, in C# notebooks

        Notebooks on the math of serving large language models: queueing, latency, the KV cache, cost, batching,
        autoscaling, SLOs, degradation and traces (01–10), then an advanced track (11–15): prefix caching, speculative
        decoding, a 70B model on several GPUs, measuring serving, autoscaling dynamics. Each one explains an idea, works a number, and asks you to compute,
        search or decide something in C#; a check cell under each part tells you whether your answer holds.

        ## Set up (once)

        You need the .NET 10 SDK (https://dotnet.microsoft.com/download/dotnet/10.0) and either VS Code with Microsoft's
        Jupyter extension or Jupyter Notebook/JupyterLab. In this folder run:

        ```sh
        dotnet run --project lib/ServingNotebooks.Setup
        ```

        It builds the library the notebooks use and the C# kernel Jupyter starts, registers that kernel as ".NET (C#)",
        starts it once to prove it works, and ends with what to open. Running it again changes nothing; `--check` only
        reports. The kernel talks to Jupyter over Jupyter's own connection only (no web server of its own).

        ## Work

        Open `notebooks/01-littles-law.ipynb` with the ".NET (C#)" kernel and run the cells from the top (the first cell
        loads the library). `notebooks/README.md` lists the notebooks. Save your work in the notebooks; hand them in as
        your instructor says.

        """;

    /// <summary>The student copy's <c>.gitignore</c>: build output and Jupyter's checkpoints.</summary>
    public const string GitIgnore = """
        bin/
        obj/
        .ipynb_checkpoints/

        """;

    private const string GraderProject = "ServingNotebooks.Grading";

    private const string PracticeProject = "ServingNotebooks.Practice";

    /// <summary>Writes the student copy of the workbook at <paramref name="workbookRoot"/> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="workbookRoot">The workbook's root folder (with <c>lib/</c>, <c>notebooks/</c> and <c>.config/dotnet-tools.json</c>).</param>
    /// <param name="outputDirectory">The student copy's folder: outside the workbook, and not containing it.</param>
    /// <exception cref="ArgumentException">The folders overlap, the workbook lacks a part, or a copied project needs the grader.</exception>
    /// <exception cref="DirectoryNotFoundException">The workbook folder does not exist.</exception>
    public static StudentCopyResult Make(string workbookRoot, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workbookRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var root = Path.GetFullPath(workbookRoot);
        var output = Path.GetFullPath(outputDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"{workbookRoot}: no such folder");
        }

        if (IsSameOrInside(output, root))
        {
            throw new ArgumentException($"the student copy's folder {outputDirectory} is the workbook or inside it; its projects would be built with the workbook's — choose a folder outside {root}");
        }

        if (IsSameOrInside(root, output))
        {
            throw new ArgumentException($"the student copy's folder {outputDirectory} contains the workbook; choose a folder outside it");
        }

        var manifest = Path.Combine(root, ".config", "dotnet-tools.json");
        var setupDib = Path.Combine(root, "notebooks", "setup.dib");
        foreach (var needed in new[] { manifest, setupDib })
        {
            if (!File.Exists(needed))
            {
                throw new ArgumentException($"{workbookRoot} is not a workbook: {Path.GetRelativePath(root, needed)} is missing");
            }
        }

        var projects = Projects(root, setupDib);
        Directory.CreateDirectory(output);
        foreach (var project in projects)
        {
            CopyFolder(Path.Combine(root, project), Path.Combine(output, project));
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "lib")).Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(output, "lib", Path.GetFileName(file)), overwrite: true);
        }

        foreach (var file in RootFiles.Where(f => File.Exists(Path.Combine(root, f))))
        {
            File.Copy(Path.Combine(root, file), Path.Combine(output, file), overwrite: true);
        }

        Directory.CreateDirectory(Path.Combine(output, ".config"));
        File.Copy(manifest, Path.Combine(output, ".config", "dotnet-tools.json"), overwrite: true);
        var notebooks = Release.Run(Path.Combine(root, "notebooks"), Path.Combine(output, "notebooks"));
        File.WriteAllText(Path.Combine(output, "README.md"), Readme);
        File.WriteAllText(Path.Combine(output, ".gitignore"), GitIgnore);
        return new StudentCopyResult(output, [.. projects.Select(p => p.Replace('\\', '/'))], notebooks);
    }

    /// <summary>The project folders (relative to the workbook) a student copy holds, in name order.</summary>
    /// <param name="root">The workbook's root folder.</param>
    /// <param name="setupDib">The setup notebook every notebook imports.</param>
    public static IReadOnlyList<string> Projects(string root, string setupDib)
    {
        var lib = Path.Combine(root, "lib");
        var start = new List<string> { "ServingNotebooks.Setup", "ServingNotebooks.Kernel" };

        // The practice check a Classroom workflow runs (visible cases only; it references no grader project).
        if (File.Exists(Path.Combine(lib, PracticeProject, PracticeProject + ".csproj")))
        {
            start.Add(PracticeProject);
        }

        start.AddRange(LoadedAssembly().Matches(File.ReadAllText(setupDib)).Select(m => m.Groups[1].Value)
            .Where(name => File.Exists(Path.Combine(lib, name, name + ".csproj"))));
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(start.Select(name => Path.Combine(lib, name, name + ".csproj")));
        while (todo.TryPop(out var project))
        {
            if (!File.Exists(project))
            {
                throw new ArgumentException($"the student copy needs {Path.GetRelativePath(root, project)}, which does not exist");
            }

            var folder = Path.GetDirectoryName(project)!;
            if (Path.GetFileName(folder) == GraderProject)
            {
                throw new ArgumentException($"a project of the student copy references {GraderProject}, which holds the hidden test cases; students must never get it");
            }

            if (!found.Add(Path.GetRelativePath(root, folder)))
            {
                continue;
            }

            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(project)))
            {
                todo.Push(Path.GetFullPath(reference.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar), folder));
            }
        }

        return [.. found];
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var p = Path.TrimEndingDirectorySeparator(path) + Path.DirectorySeparatorChar;
        var f = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return p.StartsWith(f, comparison);
    }

    [GeneratedRegex("^\\s*#r\\s+\"[^\"]*lib/bin/([^/\"]+)\\.dll\"", RegexOptions.Multiline)]
    private static partial Regex LoadedAssembly();

    [GeneratedRegex("<ProjectReference\\s+Include=\"([^\"]+)\"")]
    private static partial Regex ProjectReference();
}
