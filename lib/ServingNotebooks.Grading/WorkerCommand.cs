namespace ServingNotebooks.Grading;

/// <summary>How to start a grading worker process: a program and the arguments before the worker's own.</summary>
/// <param name="FileName">The program: the <c>dotnet</c> host, or the <c>servingbook</c> apphost.</param>
/// <param name="Arguments">The arguments that make it the worker, e.g. <c>servingbook.dll grade-worker</c>.</param>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The hidden <c>servingbook</c> subcommand that runs a <see cref="GradeJob"/> read from standard input.</summary>
    public const string SubcommandName = "grade-worker";

    /// <summary>
    /// The worker of the <c>servingbook</c> beside the running program (<see cref="AppContext.BaseDirectory"/>): its dll started
    /// with the dotnet host that runs this process (or <c>dotnet</c> on the PATH), else its apphost. This works from the
    /// <c>servingbook</c> build folder and from any project output that references ServingBook (tests).
    /// </summary>
    /// <param name="baseDirectory">Where to look for <c>servingbook.dll</c>; default: the running program's folder.</param>
    /// <exception cref="FileNotFoundException">Neither servingbook.dll nor the apphost is there.</exception>
    public static WorkerCommand Locate(string? baseDirectory = null)
    {
        var directory = baseDirectory ?? AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "servingbook.dll");
        if (File.Exists(dll))
        {
            var host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? current
                : "dotnet";
            return new WorkerCommand(host, [dll, SubcommandName]);
        }

        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "servingbook.exe" : "servingbook");
        if (File.Exists(apphost))
        {
            return new WorkerCommand(apphost, [SubcommandName]);
        }

        throw new FileNotFoundException($"the grading worker (servingbook.dll) is not in {directory}; build lib/ServingBook");
    }
}
