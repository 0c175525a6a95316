namespace ServingNotebooks.Grading;

/// <summary>How to start a grading worker process: the dotnet host and the worker's dll.</summary>
/// <param name="DotnetHost">The <c>dotnet</c> host that runs the worker (full path when it can be found).</param>
/// <param name="WorkerDll">
/// The worker's <c>servingbook-grade-worker.dll</c>, in a folder of its own (<c>grade-worker/</c>) that holds nothing of the
/// grader: the sandbox shows the worker this folder only.
/// </param>
public sealed record WorkerCommand(string DotnetHost, string WorkerDll)
{
    /// <summary>The worker's folder beside the grader's program.</summary>
    public const string FolderName = "grade-worker";

    /// <summary>The worker's assembly file name.</summary>
    public const string DllName = "servingbook-grade-worker.dll";

    /// <summary>The folder that holds the worker and its dependencies.</summary>
    public string Directory => Path.GetDirectoryName(WorkerDll)!;

    /// <summary>
    /// The worker beside the running program (<see cref="AppContext.BaseDirectory"/><c>/grade-worker/</c>, where the
    /// ServingBook and test builds put it), started with the dotnet host that runs this process (or <c>dotnet</c> on the PATH).
    /// </summary>
    /// <param name="baseDirectory">Where to look for <c>grade-worker/</c>; default: the running program's folder.</param>
    /// <exception cref="FileNotFoundException">The worker is not there.</exception>
    public static WorkerCommand Locate(string? baseDirectory = null)
    {
        var directory = baseDirectory ?? AppContext.BaseDirectory;
        var dll = Path.Combine(directory, FolderName, DllName);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the grading worker ({Path.Combine(FolderName, DllName)}) is not in {directory}; build lib/ServingBook");
        }

        return new WorkerCommand(FindDotnetHost(), dll);
    }

    /// <summary>The dotnet host running this process, else the first <c>dotnet</c> on the PATH, else plain <c>dotnet</c>.</summary>
    public static string FindDotnetHost()
    {
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }
}
