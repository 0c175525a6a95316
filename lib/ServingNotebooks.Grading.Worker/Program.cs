using System.Collections.Concurrent;
using System.Text.Json;
using ServingNotebooks.Grading;

// The grading worker (started by `servingbook grade`, inside the sandbox when there is one). Standard input: the job, then the
// hidden calls of each notebook when this process asks for them. Standard output: result lines framed with the job's token.
// Standard input stays open while the grader waits for this process: its end means the grader is gone, and so is this process.
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();

// Anything else that writes to the console (the kernel outside a cell, a library) goes to standard error.
Console.SetOut(Console.Error);
var first = WorkerChannel.ReadLine(input);
GradeJob? job = null;
try
{
    job = first is null ? null : JsonSerializer.Deserialize<GradeJob>(first, GradeJob.JsonOptions);
}
catch (JsonException)
{
}

if (job is null || string.IsNullOrEmpty(job.Token))
{
    await Console.Error.WriteLineAsync("servingbook-grade-worker: no job on standard input (this program is started by servingbook grade)").ConfigureAwait(false);
    return 2;
}

// In the sandbox the home folder starts empty: seed the dependency manager's cache from the grader's read-only copy, so that
// setup.dib's `#r "nuget: …"` resolves from it instead of running a restore.
ResolvedPackages.Seed(Environment.GetEnvironmentVariable(ResolvedPackages.Variable), ResolvedPackages.CacheFolder);

var calls = new BlockingCollection<HiddenCalls>();
var watcher = new Thread(() =>
{
    while (WorkerChannel.ReadLine(input) is { } line)
    {
        try
        {
            if (JsonSerializer.Deserialize<HiddenCalls>(line, GradeJob.JsonOptions) is { } message)
            {
                calls.Add(message);
            }
        }
        catch (JsonException)
        {
        }
    }

    Environment.Exit(GradeWorker.ParentGone);
})
{ IsBackground = true };
watcher.Start();

var token = job.Token;
var writeLock = new Lock();
void Report(WorkerResult result)
{
    var bytes = WorkerChannel.Frame(token, result);
    lock (writeLock)
    {
        output.Write(bytes);
        output.Flush();
    }
}

HiddenCalls AwaitCalls(int index)
{
    while (true)
    {
        var message = calls.Take();
        if (message.Index == index)
        {
            return message;
        }
    }
}

var code = await GradeWorker.RunAsync(job with { Token = string.Empty }, Report, AwaitCalls).ConfigureAwait(false);

// End now: a notebook may have left a foreground thread running, which would keep the process alive.
Environment.Exit(code);
return code;
