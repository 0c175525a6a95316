using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Kernel;

/// <summary>
/// The learner's kernel program (<c>lib/ServingNotebooks.Kernel</c>) started as Jupyter starts it, with a connection file of
/// its own, and driven by Jupyter's own client (<c>jupyter_client</c>): it answers over the five ZeroMQ ports of the
/// connection file and nothing else. The .NET Interactive tool's <c>jupyter</c> command (1.0.712001) also listened on
/// 127.0.0.1:2048 and answered any web page's cross-origin requests with credentials allowed (issue 22).
/// </summary>
[Collection(KernelCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class LearnerKernelTests : IDisposable
{
    /// <summary>
    /// Connects to the kernel with Jupyter's client, runs two cells (C# and a magic command), reports the outputs as one
    /// JSON line, and leaves the kernel running (the test looks at its sockets, then asks it to shut down).
    /// </summary>
    private const string Client = """
        import json, sys
        from jupyter_client import BlockingKernelClient
        client = BlockingKernelClient(connection_file=sys.argv[1])
        client.load_connection_file()
        client.start_channels()
        client.wait_for_ready(timeout=600)
        outputs = []
        for code in ["Console.WriteLine(6 * 7); 1 + 1", "#!time\nSystem.Threading.Thread.Sleep(10);"]:
            msg_id = client.execute(code)
            while True:
                msg = client.get_iopub_msg(timeout=600)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
                if msg["msg_type"] in ("stream", "execute_result", "display_data", "error"):
                    outputs.append({"type": msg["msg_type"], "content": msg["content"]})
        print(json.dumps(outputs))
        """;

    private const string Shutdown = """
        import sys
        from jupyter_client import BlockingKernelClient
        client = BlockingKernelClient(connection_file=sys.argv[1])
        client.load_connection_file()
        client.start_channels()
        client.shutdown()  # on the control channel (jupyter_client 7)
        print(client.get_control_msg(timeout=600)["msg_type"])
        """;

    private readonly string folder = Fixture.TempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_kernel_listens_only_on_the_connection_files_ports_runs_cells_and_a_cross_origin_request_reaches_nothing()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test reads the kernel's sockets from /proc (Linux)");
        var ports = FreePorts(5);
        var connectionFile = Path.Combine(folder, "kernel-test.json");
        File.WriteAllText(connectionFile, new JsonObject
        {
            ["shell_port"] = ports[0],
            ["iopub_port"] = ports[1],
            ["stdin_port"] = ports[2],
            ["control_port"] = ports[3],
            ["hb_port"] = ports[4],
            ["ip"] = "127.0.0.1",
            ["key"] = Guid.NewGuid().ToString(),
            ["transport"] = "tcp",
            ["signature_scheme"] = "hmac-sha256",
            ["kernel_name"] = KernelSpec.Name,
        }.ToJsonString());

        using var kernel = Process.Start(new ProcessStartInfo("dotnet", [KernelProgram(), connectionFile])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var kernelOutput = kernel.StandardOutput.ReadToEndAsync();
        var kernelError = kernel.StandardError.ReadToEndAsync();
        try
        {
            // 0. Jupyter's client takes a silent heartbeat for a dead kernel: connect once the kernel listens (as Jupyter
            //    does, which starts the kernel and waits for it). A kernel that never listens fails here, after 5 minutes.
            var waited = Stopwatch.StartNew();
            while (ListeningSockets(kernel.Id).Count < ports.Count && !kernel.HasExited && waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(200);
            }

            if (kernel.HasExited)
            {
                Assert.Fail($"the kernel ended while starting (exit code {kernel.ExitCode}): {await kernelError}");
            }

            // 1. Jupyter's client runs two cells: the kernel works over ZeroMQ alone.
            var cells = await Python(Client, connectionFile);
            Assert.True(cells.Succeeded, cells.Output);
            var outputs = JsonNode.Parse(cells.Output.Trim().Split('\n')[^1])!.AsArray();
            Assert.Equal("42\n", outputs.First(o => o!["type"]!.GetValue<string>() == "stream")!["content"]!["text"]!.GetValue<string>());
            var result = outputs.First(o => o!["type"]!.GetValue<string>() == "execute_result")!["content"]!["data"]!.AsObject();
            Assert.Contains("<pre>2</pre>", result["text/html"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(outputs, o => o!["content"]!["data"]?["text/plain"]?.GetValue<string>().StartsWith("Wall time: ", StringComparison.Ordinal) == true);
            Assert.DoesNotContain(outputs, o => o!["type"]!.GetValue<string>() == "error");

            // 2. Its listening TCP sockets, after it ran cells, are exactly the connection file's five, on 127.0.0.1.
            var listening = ListeningSockets(kernel.Id);
            Assert.Equal(ports.Order(), listening.Select(s => s.Port).Order());
            Assert.All(listening, s => Assert.Equal(IPAddress.Loopback, s.Address));

            // 3. A web page's request to the tool's old address (127.0.0.1:2048, the first of its port range) with an
            //    Origin header: refused, or answered by some other program on this machine, never by the kernel.
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:2048/variables/csharp/x");
            request.Headers.Add("Origin", "http://localhost:8765");
            try
            {
                using var response = await http.SendAsync(request);
                Assert.DoesNotContain(2048, ListeningSockets(kernel.Id).Select(s => s.Port));
                Assert.Contains(ListeningSocketOwners(2048), owner => owner != kernel.Id);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // Nothing listens there.
            }

            // 4. Jupyter's shutdown request ends the process.
            var shutdown = await Python(Shutdown, connectionFile);
            Assert.True(shutdown.Succeeded, shutdown.Output);
            Assert.Equal("shutdown_reply", shutdown.Output.Trim().Split('\n')[^1]);
            using var exited = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await kernel.WaitForExitAsync(exited.Token);
            Assert.Equal(0, kernel.ExitCode);

            // Nothing on its console: no ASP.NET or telemetry lines in the learner's Jupyter terminal.
            Assert.Equal(string.Empty, await kernelOutput);
            Assert.Equal(string.Empty, await kernelError);
        }
        finally
        {
            if (!kernel.HasExited)
            {
                kernel.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_missing_connection_file_is_named_in_the_error_and_the_exit_code_is_2()
    {
        var missing = Path.Combine(folder, "no-such-connection-file.json");
        var outcome = await Processes.RunAsync("dotnet", [KernelProgram(), missing], folder, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"the connection file {missing} does not exist", outcome.Output, StringComparison.Ordinal);
    }

    /// <summary>The kernel program as the test project's build made it (setup publishes the same project for learners).</summary>
    internal static string KernelProgram()
    {
        // The tests' own configuration folder (…/bin/<Configuration>/net10.0/): the kernel project is built in the same one.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var program = Path.Combine(Workbook.Workbook.Root, "lib", "ServingNotebooks.Kernel", "bin", configuration, "net10.0", KernelSpec.ProgramFile);
        Assert.True(File.Exists(program), $"{program} is not built: build tests/ServingNotebooks.Tests (it builds the kernel project).");
        return program;
    }

    private static Task<ProcessOutcome> Python(string script, string connectionFile) =>
        Processes.RunAsync("/usr/bin/python3", ["-c", script, connectionFile], Path.GetTempPath(), new Dictionary<string, string?>(), TimeSpan.FromMinutes(15));

    /// <summary>Ports nothing listens on now (the kernel binds them; a clash would fail the test, not pass it).</summary>
    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    /// <summary>The TCP sockets in LISTEN state (0A) that process <paramref name="pid"/> holds: /proc/net/tcp{,6} rows whose inode is one of its fds.</summary>
    internal static List<IPEndPoint> ListeningSockets(int pid)
    {
        var inodes = SocketInodes(pid);
        return [.. ListeningRows().Where(r => inodes.Contains(r.Inode)).Select(r => r.EndPoint)];
    }

    /// <summary>The processes that hold a listening socket on <paramref name="port"/>.</summary>
    private static List<int> ListeningSocketOwners(int port)
    {
        var inodes = ListeningRows().Where(r => r.EndPoint.Port == port).Select(r => r.Inode).ToHashSet();
        return [.. Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!)
            .Where(pid => SocketInodes(pid).Overlaps(inodes))];
    }

    private static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>();
        try
        {
            foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process that ended, or one we may not look at.
        }

        return inodes;
    }

    private static IEnumerable<(IPEndPoint EndPoint, string Inode)> ListeningRows()
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A")
                {
                    yield return (ParseEndPoint(fields[1]), fields[9]);
                }
            }
        }
    }

    /// <summary>/proc/net/tcp's "0100007F:0800": the address as hex words in host (little-endian) order, the port in hex.</summary>
    private static IPEndPoint ParseEndPoint(string text)
    {
        var (address, port) = (text[..text.IndexOf(':', StringComparison.Ordinal)], text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var bytes = Convert.FromHexString(address);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        var ip = new IPAddress(bytes);
        return new IPEndPoint(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
