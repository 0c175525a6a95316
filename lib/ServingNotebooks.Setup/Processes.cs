using System.Diagnostics;
using System.Text;

namespace ServingNotebooks.Setup;

/// <summary>What a child process did.</summary>
/// <param name="ExitCode">Its exit code (-1 when it was stopped after the timeout).</param>
/// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
/// <param name="TimedOut">Whether it was stopped after the timeout.</param>
public sealed record ProcessOutcome(int ExitCode, string Output, bool TimedOut)
{
    /// <summary>Whether it ended by itself with exit code 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The last <paramref name="count"/> non-empty lines of its output, for an error message.</summary>
    /// <param name="count">How many lines.</param>
    public string Tail(int count = 5) =>
        string.Join(Environment.NewLine, Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(count));
}

/// <summary>Runs the commands setup needs (dotnet, jupyter), with a timeout and the environment setup was given.</summary>
public static class Processes
{
    /// <summary>Runs <paramref name="fileName"/> and waits for it; kills its process tree after <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as one argument.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="timeout">How long it may take.</param>
    /// <param name="standardInput">Text to write to its standard input, or null.</param>
    /// <param name="cancellationToken">Stops it.</param>
    public static async Task<ProcessOutcome> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessOutcome(-1, Text(output), true);
        }

        process.WaitForExit();
        return new ProcessOutcome(process.ExitCode, Text(output), false);
    }

    /// <summary>The full path of <paramref name="program"/> found on <c>PATH</c> (as given by <paramref name="environment"/>), or null.</summary>
    /// <param name="program">A program name without folder, e.g. <c>jupyter</c>.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static string? FindOnPath(string program, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var names = OperatingSystem.IsWindows() ? new[] { program + ".exe", program + ".cmd", program } : [program];
        foreach (var folder in (environment("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
