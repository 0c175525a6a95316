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
                    _original = CurrentOrFallback();
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
                try
                {
                    Environment.CurrentDirectory = _original;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The folder we came from was deleted meanwhile (a caller's temporary folder): go somewhere that exists.
                    Environment.CurrentDirectory = AppContext.BaseDirectory;
                }
            }

            _directory = null;
            _idle.TrySetResult();
        }
    }

    /// <summary>The current directory, or the application's folder when the current one no longer exists.</summary>
    private static string CurrentOrFallback()
    {
        try
        {
            return Environment.CurrentDirectory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AppContext.BaseDirectory;
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
