namespace ServingNotebooks.Runner;

/// <summary>
/// The process's working directory is shared by every kernel in it. Cells that need the same directory (or none) may
/// run at the same time; a cell that needs another directory waits until the running ones are done. The directory the
/// process had is restored whenever no cell is running.
/// </summary>
internal static class WorkingDirectoryGate
{
    private static readonly Lock Sync = new();
    private static string? _directory;
    private static string _original = "";
    private static int _active;
    private static TaskCompletionSource _idle = CompletedSource();

    /// <summary>Waits until a cell may run in <paramref name="directory"/> (null: any), sets it, and returns the lease to dispose after the cell.</summary>
    public static async Task<IDisposable> EnterAsync(string? directory, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task idle;
            lock (Sync)
            {
                if (_active == 0)
                {
                    _original = Environment.CurrentDirectory;
                    _directory = directory;
                    if (directory is not null)
                    {
                        Environment.CurrentDirectory = directory;
                    }

                    _active = 1;
                    _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return new Lease();
                }

                if (directory is null || string.Equals(directory, _directory, StringComparison.Ordinal))
                {
                    _active++;
                    return new Lease();
                }

                idle = _idle.Task;
            }

            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Exit()
    {
        lock (Sync)
        {
            if (--_active > 0)
            {
                return;
            }

            if (_directory is not null)
            {
                Environment.CurrentDirectory = _original;
            }

            _directory = null;
            _idle.TrySetResult();
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }

    private sealed class Lease : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Exit();
            }
        }
    }
}
