using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Jupyter;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Kernel;

/// <summary>
/// The learner's Jupyter kernel: the workbook's C# kernel (<see cref="NotebookKernel"/>, composed as the pinned
/// <c>dotnet-interactive jupyter</c> tool 1.0.712001 composes it) served over the ZeroMQ sockets of Jupyter's connection
/// file, and nothing else.
/// </summary>
/// <remarks>
/// <para>
/// The tool's <c>jupyter</c> command (dotnet/interactive, <c>src/dotnet-interactive/CommandLine/CommandLineParser.cs</c>,
/// <c>JupyterHandler</c>) registers the Jupyter protocol's <c>Shell</c> and <c>Heartbeat</c> services, a
/// <c>JupyterRequestContextScheduler</c> over a <c>JupyterRequestContextHandler</c>, and the connection file's
/// <c>ConnectionInformation</c> in an ASP.NET Core web host, then starts that host: besides the ZeroMQ sockets it runs
/// Kestrel with the kernel's HTTP API and SignalR hub on 127.0.0.1:2048+, which allows any origin with credentials
/// (<c>src/dotnet-interactive/Http/AspNetExtensions.cs</c>), and defers an <c>#!enable-http</c> cell that writes a
/// bootstrap script with the process id and port into the first output. Here the same four objects of the pinned
/// <c>Microsoft.DotNet.Interactive.Jupyter</c> assembly are made directly and started; no web host exists, so there is no
/// HTTP listener, no bootstrap script, no ASP.NET log lines and no telemetry (the tool's telemetry sender and its
/// first-use sentinel file are never created; F# and PowerShell, whose kernel writes a telemetry id, are not hosted).
/// </para>
/// <para>
/// Empty displays are not sent (<see cref="QuietMessageSender"/>). Jupyter-only parts kept from the tool's <c>JupyterClientKernelExtension</c>: the composite kernel's input requests
/// (<c>@input</c> and <c>@password</c> in a magic command ask through Jupyter's stdin channel). Left out: bare
/// <c>input()</c>/<c>password()</c> C# functions (see <see cref="CreateKernel"/>). Added: an interrupt (Jupyter sends
/// SIGINT) cancels the running cell instead of ending the process.
/// </para>
/// </remarks>
public static class JupyterKernelHost
{
    /// <summary>Runs the kernel until Jupyter shuts it down; returns the exit code.</summary>
    /// <param name="args">The command line: the connection file's path, the only argument.</param>
    /// <param name="error">Where a bad command line or connection file is explained (Jupyter shows the kernel's stderr in its terminal).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length != 1)
        {
            await error.WriteLineAsync($"servingnotebooks-kernel: expected one argument, the Jupyter connection file (kernel.json passes {{connection_file}}); got {args.Length}.").ConfigureAwait(false);
            return 2;
        }

        ConnectionInformation connection;
        try
        {
            connection = ReadConnectionFile(args[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            await error.WriteLineAsync($"servingnotebooks-kernel: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using var lifetime = new KernelLifetime();

        // Start-up work on the second core while the kernel is composed: Roslyn's first compilation (loading and
        // JIT-compiling the compiler where ReadyToRun did not reach) is most of the first cell's time.
        var compilerWarmUp = Task.Run(() => Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.EvaluateAsync<int>("1 + 1"));
        var kernel = CreateKernel();
        var handler = new JupyterRequestContextHandler(kernel);
        // Each request runs with a sender that drops displays with nothing in them (QuietMessageSender); the Shell waits
        // for the context it made, so that one is completed when the handler has finished with the quiet one.
        var scheduler = new JupyterRequestContextScheduler(async context =>
        {
            var quiet = new JupyterRequestContext(new QuietMessageSender(context.JupyterMessageSender), context.JupyterRequestMessageEnvelope);
            try
            {
                await handler.Handle(quiet).ConfigureAwait(false);
            }
            finally
            {
                context.Complete();
            }
        });
        var shell = new Shell(kernel, scheduler, connection, lifetime);
        var heartbeat = new Heartbeat(connection);

        // Jupyter's "interrupt" is SIGINT (kernel.json has no interrupt_mode): cancel the cell that runs, keep the kernel.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            _ = kernel.SendAsync(new Cancel());
        });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            lifetime.StopApplication();
        });

        await heartbeat.StartAsync(CancellationToken.None).ConfigureAwait(false);
        await shell.StartAsync(CancellationToken.None).ConfigureAwait(false);
        lifetime.NotifyStarted();

        // A first submission of the kernel's own, while Jupyter asks for kernel_info and the page loads: the C# kernel's
        // first cell (its script state, language-services workspace, formatters) then costs the learner's first cell
        // nothing. It defines no variable; nothing of it reaches Jupyter (its events carry no Jupyter request's token).
        _ = compilerWarmUp.ContinueWith(_ => kernel.SendAsync(new SubmitCode("1 + 1", "csharp")), TaskScheduler.Default);
        await lifetime.WaitForStopAsync().ConfigureAwait(false);
        await shell.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await heartbeat.StopAsync(CancellationToken.None).ConfigureAwait(false);
        lifetime.NotifyStopped();
        return 0;
    }

    /// <summary>
    /// The kernel Jupyter talks to: <see cref="NotebookKernel.Create(bool)"/> for an editor (the C# kernel's own cell
    /// handler, completions), with what the tool adds for Jupyter and its formatting for an HTML notebook front end.
    /// </summary>
    internal static CompositeKernel CreateKernel()
    {
        // The tool's KernelBuilder.SetUpFormatters for Jupyter (an HtmlNotebookFrontendEnvironment): objects as HTML,
        // strings as plain text.
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
        var (root, _) = NotebookKernel.Create(forEditor: true);

        // JupyterClientKernelExtension.LoadAsync, less its JavaScript kernel (NotebookKernel has it), its PowerShell branch and
        // UseJupyterHelpers (a deferred first submission, `using static TopLevelMethods;`, that makes bare input() and
        // password() C# functions: no notebook calls them, and it would cost every start a compilation).
        root.SetDefaultTargetKernelNameForCommand(typeof(RequestInput), root.Name);
        root.RegisterCommandHandler<RequestInput>((input, context) =>
        {
            var value = input.IsPassword ? TopLevelMethods.password(input.Prompt).GetClearTextPassword() : TopLevelMethods.input(input.Prompt);
            context.Publish(new InputProduced(value, input));
            return Task.CompletedTask;
        });
        return root;
    }

    /// <summary>Reads Jupyter's connection file, with a message that names the file and what is wrong with it.</summary>
    /// <param name="path">The connection file Jupyter wrote.</param>
    internal static ConnectionInformation ReadConnectionFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the connection file {path} does not exist (Jupyter writes it just before it starts the kernel).");
        }

        var connection = ConnectionInformation.Load(new FileInfo(path))
            ?? throw new InvalidDataException($"the connection file {path} is empty.");
        var ports = new[] { connection.ShellPort, connection.IOPubPort, connection.StdinPort, connection.ControlPort, connection.HBPort };
        if (string.IsNullOrEmpty(connection.Transport) || string.IsNullOrEmpty(connection.IP) || ports.Any(p => p is <= 0 or > 65535))
        {
            throw new InvalidDataException(
                $"the connection file {path} lacks transport, ip or one of the five ports (shell {connection.ShellPort}, iopub {connection.IOPubPort}, stdin {connection.StdinPort}, control {connection.ControlPort}, hb {connection.HBPort}).");
        }

        return connection;
    }
}
