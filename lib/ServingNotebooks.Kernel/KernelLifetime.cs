using Microsoft.Extensions.Hosting;

namespace ServingNotebooks.Kernel;

/// <summary>
/// The one part of a generic host the Jupyter protocol's <c>Shell</c> uses: it calls <see cref="StopApplication"/> when
/// Jupyter asks the kernel to shut down (<c>shutdown_request</c> on the shell or control channel). No host is built: that
/// would bring ASP.NET-style logging and configuration into a process that needs neither.
/// </summary>
internal sealed class KernelLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource started = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource stopped = new();

    /// <inheritdoc/>
    public CancellationToken ApplicationStarted => started.Token;

    /// <inheritdoc/>
    public CancellationToken ApplicationStopping => stopping.Token;

    /// <inheritdoc/>
    public CancellationToken ApplicationStopped => stopped.Token;

    /// <summary>Marks the kernel as serving (its sockets are bound).</summary>
    public void NotifyStarted() => started.Cancel();

    /// <inheritdoc/>
    public void StopApplication()
    {
        if (!stopping.IsCancellationRequested)
        {
            stopping.Cancel();
        }
    }

    /// <summary>Marks the kernel as stopped (its sockets are closed).</summary>
    public void NotifyStopped() => stopped.Cancel();

    /// <summary>Waits until something asked the kernel to stop.</summary>
    public Task WaitForStopAsync()
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stopping.Token.Register(() => completion.TrySetResult());
        return completion.Task;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        started.Dispose();
        stopping.Dispose();
        stopped.Dispose();
    }
}
