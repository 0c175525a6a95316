using System.CommandLine;
using System.Text.Json;
using ServingNotebooks.Grading;

namespace ServingBook;

/// <summary>
/// <c>servingbook grade-worker [--job job.json]</c> (hidden): the child process of <c>servingbook grade</c>. It reads a
/// <see cref="GradeJob"/> from the file, or as the first line of standard input, runs the job's notebooks one after another
/// (a fresh kernel each), appends one result line per notebook, and ends the process with <see cref="GradeWorker"/>'s exit
/// code. When the job came on standard input, the worker also leaves as soon as standard input closes (the grader died).
/// </summary>
public static class GradeWorkerCommand
{
    /// <summary>Creates the hidden <c>grade-worker</c> subcommand.</summary>
    public static Command Create()
    {
        var job = new Option<string?>("--job")
        {
            Description = "The job file (JSON); default: the first line of standard input.",
        };
        var command = new Command(WorkerCommand.SubcommandName, "Run a grading job (used by servingbook grade).")
        {
            job,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(job);
            GradeJob? parsed;
            if (path is null)
            {
                var input = Console.OpenStandardInput();
                var line = ReadLine(input);
                parsed = line is null ? null : JsonSerializer.Deserialize<GradeJob>(line, GradeJob.JsonOptions);

                // The grader keeps standard input open while it waits for this process; end of input means it is gone.
                var watcher = new Thread(() =>
                {
                    var buffer = new byte[256];
                    while (input.Read(buffer, 0, buffer.Length) > 0)
                    {
                    }

                    Environment.Exit(GradeWorker.ParentGone);
                })
                { IsBackground = true };
                watcher.Start();
            }
            else
            {
                parsed = JsonSerializer.Deserialize<GradeJob>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), GradeJob.JsonOptions);
            }

            if (parsed is null)
            {
                await Console.Error.WriteLineAsync("grade-worker: no job").ConfigureAwait(false);
                return 2;
            }

            var code = await GradeWorker.RunAsync(parsed, cancellationToken).ConfigureAwait(false);

            // End now: a notebook may have left a foreground thread running, which would keep the process alive.
            Environment.Exit(code);
            return code;
        });
        return command;
    }

    /// <summary>Reads one UTF-8 line byte by byte, so that nothing after it is buffered away from the watcher.</summary>
    private static string? ReadLine(Stream input)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n')
        {
            bytes.Add((byte)b);
        }

        return b < 0 && bytes.Count == 0 ? null : System.Text.Encoding.UTF8.GetString([.. bytes]);
    }
}
