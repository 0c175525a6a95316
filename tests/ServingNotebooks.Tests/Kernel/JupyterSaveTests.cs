using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ServingNotebooks.Grading;
using ServingNotebooks.Runner;
using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Kernel;

/// <summary>
/// A released notebook opened in a real Jupyter Notebook server (Debian's jupyter-notebook 6.4) and saved through its contents
/// API, as the browser page does: unchanged, it saves byte for byte as released; after its setup cell ran on the learner's
/// kernel (the page's changes applied: the outputs, the execution count, the kernel's <c>language_info</c> and
/// <c>kernelspec</c>), the only change is that cell's execution count: no output, no process id, no port, no script.
/// </summary>
[Collection(KernelCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class JupyterSaveTests : IDisposable
{
    /// <summary>
    /// Talks to the server as the Notebook page does: GET the notebook, save it (PUT) unchanged; start a session (the page's
    /// kernel), run the first code cell on that kernel over its connection file, put its outputs and count into the cell and
    /// the kernel's language_info and kernelspec into the metadata (what the page does), save again. Prints the outputs.
    /// </summary>
    private const string Page = """
        import json, os, sys, time, urllib.request
        base, token, path = sys.argv[1], sys.argv[2], sys.argv[3]
        def call(method, url, body=None):
            request = urllib.request.Request(f"{base}{url}", method=method, data=None if body is None else json.dumps(body).encode(),
                                             headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=600) as response:
                return json.loads(response.read() or b"null")
        for attempt in range(600):
            try:
                call("GET", "/api/status"); break
            except OSError:
                time.sleep(0.5)
        model = call("GET", f"/api/contents/{path}?content=1")
        call("PUT", f"/api/contents/{path}", {"type": "notebook", "format": "json", "content": model["content"]})
        os.rename(os.path.join(sys.argv[4], path), os.path.join(sys.argv[4], path + ".opened-and-saved"))
        call("PUT", f"/api/contents/{path}", {"type": "notebook", "format": "json", "content": model["content"]})
        session = call("POST", "/api/sessions", {"path": path, "type": "notebook", "name": "", "kernel": {"name": ".net-csharp"}})
        from jupyter_client import BlockingKernelClient
        from jupyter_core.paths import jupyter_runtime_dir
        client = BlockingKernelClient(connection_file=os.path.join(jupyter_runtime_dir(), f"kernel-{session['kernel']['id']}.json"))
        client.load_connection_file(); client.start_channels()
        info = client.kernel_info(reply=True, timeout=600)["content"]
        nb = model["content"]
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        msg_id = client.execute(cell["source"])
        outputs = []
        while True:
            msg = client.get_iopub_msg(timeout=600)
            if msg["parent_header"].get("msg_id") != msg_id: continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle": break
            if kind == "stream": outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                output = {"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})}
                if kind == "execute_result": output["execution_count"] = content["execution_count"]
                outputs.append(output)
            elif kind == "error": outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"], "traceback": content["traceback"]})
            elif kind == "execute_input": cell["execution_count"] = content["execution_count"]
        cell["outputs"] = outputs
        spec = call("GET", "/api/kernelspecs")["kernelspecs"][".net-csharp"]["spec"]
        nb["metadata"]["kernelspec"] = {"name": ".net-csharp", "display_name": spec["display_name"], "language": spec["language"]}
        nb["metadata"]["language_info"] = info["language_info"]
        call("PUT", f"/api/contents/{path}", {"type": "notebook", "format": "json", "content": nb})
        call("DELETE", f"/api/sessions/{session['id']}")
        print(json.dumps(outputs))
        """;

    private readonly string folder = Fixture.TempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_released_notebook_saves_byte_for_byte_and_after_its_setup_cell_ran_only_that_cells_count_changed()
    {
        Assert.True(File.Exists("/usr/bin/jupyter-notebook"), "this test runs Jupyter Notebook's server: install it (.ci/install-dependencies)");
        var notebooks = Path.Combine(folder, "notebooks");
        Directory.CreateDirectory(notebooks);

        // The released notebook where a learner has it: setup.dib beside it, the libraries in ../lib/bin (a link to the workbook's).
        var (released, _) = Release.StudentVersion(NotebookReader.Load(Path.Combine(Workbook.Workbook.NotebooksFolder, "01-littles-law.ipynb")));
        var file = Path.Combine(notebooks, "01-littles-law.ipynb");
        File.WriteAllText(file, released);
        File.Copy(Path.Combine(Workbook.Workbook.NotebooksFolder, "setup.dib"), Path.Combine(notebooks, "setup.dib"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "lib"), Path.Combine(Workbook.Workbook.Root, "lib"));

        var data = Path.Combine(folder, "jupyter-data");
        Func<string, string?> lookup = name => name switch
        {
            "JUPYTER_DATA_DIR" => data,
            "JUPYTER_PATH" => Path.Combine(folder, "jupyter-path"),
            _ => System.Environment.GetEnvironmentVariable(name),
        };
        KernelRegistration.Register(lookup, KernelSpec.Expected(WorkbookSetup.DotnetHost(), LearnerKernelTests.KernelProgram()));
        var environment = new Dictionary<string, string?>
        {
            ["JUPYTER_DATA_DIR"] = data,
            ["JUPYTER_PATH"] = Path.Combine(folder, "jupyter-path"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(folder, "runtime"),
            ["JUPYTER_CONFIG_DIR"] = Path.Combine(folder, "config"),
        };

        var port = FreePort();
        var token = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("/usr/bin/jupyter-notebook",
            ["--no-browser", $"--port={port}", "--ip=127.0.0.1", $"--NotebookApp.token={token}", $"--notebook-dir={folder}", "--allow-root"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var server = Process.Start(start)!;
        var serverLog = server.StandardError.ReadToEndAsync();
        _ = server.StandardOutput.ReadToEndAsync();
        try
        {
            var page = await Processes.RunAsync("/usr/bin/python3", ["-c", Page, $"http://127.0.0.1:{port}", token, "notebooks/01-littles-law.ipynb", folder],
                folder, environment, TimeSpan.FromMinutes(15));
            Assert.True(page.Succeeded, page.Output);

            // Opened and saved unchanged: not one byte differs.
            Assert.Equal(released, File.ReadAllText(file + ".opened-and-saved"));

            // The setup cell ran: it shows nothing, and the file differs only in that cell's execution count.
            Assert.Equal("[]", page.Output.Trim().Split('\n')[^1]);
            var saved = File.ReadAllText(file);
            const string NotRun = "\"execution_count\": null";
            var setupCell = released.IndexOf(NotRun, StringComparison.Ordinal);
            Assert.True(setupCell > 0, "the released notebook has a code cell");
            Assert.Equal(released[..setupCell] + "\"execution_count\": 1" + released[(setupCell + NotRun.Length)..], saved);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            _ = await serverLog;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
