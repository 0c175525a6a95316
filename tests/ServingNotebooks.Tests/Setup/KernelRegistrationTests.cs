using System.Text.Json.Nodes;
using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Setup;

/// <summary>
/// The kernel registration in a temporary Jupyter data folder (<c>JUPYTER_DATA_DIR</c>): fresh, again (nothing changes), and
/// repaired from the registrations learners have (Microsoft's <c>jupyter install</c> output, the workbook's earlier
/// registration of the tool's <c>jupyter</c> command: both open the tool's HTTP API), and a kernel program that is gone.
/// Never touches the real <c>~/.local/share/jupyter</c>.
/// </summary>
public sealed class KernelRegistrationTests : IDisposable
{
    private const string Pinned = "1.0.712001";

    /// <summary>What this workbook's setup registered before its own kernel program (the tool's jupyter command, HTTP local only).</summary>
    private const string EarlierWorkbookKernelJson = """
        {
          "argv": ["/usr/bin/dotnet", "--roll-forward", "Major", "TOOL", "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}", "--http-port-range", "2048-3000"],
          "display_name": ".NET (C#)",
          "language": "C#",
          "env": { "DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_TieredPGO": "0" },
          "metadata": { "vscode": { "extension_id": "ms-dotnettools.dotnet-interactive-vscode", "kernel_id": "dotnet-interactive" } }
        }
        """;

    /// <summary>What <c>dotnet interactive jupyter install</c> (tool 1.0.712001) writes for C#, copied from its output.</summary>
    private const string MicrosoftsKernelJson = """
        {
          "argv": ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"],
          "display_name": ".NET (C#)",
          "language": "C#",
          "metadata": { "vscode": { "extension_id": "ms-dotnettools.dotnet-interactive-vscode", "kernel_id": "dotnet-interactive" } }
        }
        """;

    private readonly string folder = Fixture.TempFolder();

    public KernelRegistrationTests()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(ToolDll)!);
        File.WriteAllText(ToolDll, "not a real dll: only its path matters here");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelProgram)!);
        File.WriteAllText(KernelProgram, "not a real dll: only its path matters here");
        File.WriteAllText(Host, "#!/bin/sh");
    }

    private string DataDir => System.IO.Path.Combine(folder, "jupyter-data");

    private string Host => System.IO.Path.Combine(folder, "dotnet");

    private string ToolDll => System.IO.Path.Combine(folder, "nuget", "microsoft.dotnet-interactive", Pinned, "tools", "net10.0", "any", "Microsoft.DotNet.Interactive.App.dll");

    private string KernelProgram => System.IO.Path.Combine(folder, "workbook", "lib", "ServingNotebooks.Kernel", "bin", "kernel", KernelSpec.ProgramFile);

    private string KernelJson => System.IO.Path.Combine(DataDir, "kernels", ".net-csharp", "kernel.json");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_fresh_registration_writes_only_the_csharp_kernel_the_workbooks_kernel_program_by_absolute_path()
    {
        var before = KernelRegistration.Register(Environment(), Expected());

        Assert.False(before.Exists);
        Assert.Equal([".net-csharp"], Directory.GetDirectories(System.IO.Path.Combine(DataDir, "kernels")).Select(System.IO.Path.GetFileName));
        Assert.Equal([Host, KernelProgram, "{connection_file}"], Argv(File.ReadAllText(KernelJson)));
        Assert.True(System.IO.Path.IsPathFullyQualified(KernelProgram), "the kernel must not depend on the folder Jupyter starts it in");
        Assert.True(KernelRegistration.Inspect(Environment(), Expected()).IsCorrect);
    }

    [Fact]
    public void A_second_registration_changes_nothing()
    {
        KernelRegistration.Register(Environment(), Expected());
        var bytes = File.ReadAllBytes(KernelJson);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(KernelJson, stamp);

        var before = KernelRegistration.Register(Environment(), Expected());

        Assert.True(before.IsCorrect);
        Assert.Equal(bytes, File.ReadAllBytes(KernelJson));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(KernelJson));
    }

    [Fact]
    public void Microsofts_own_registration_is_repaired_its_http_api_is_named()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, MicrosoftsKernelJson);

        var before = KernelRegistration.Register(Environment(), Expected());

        Assert.Equal("it runs 'dotnet interactive jupyter', whose HTTP API (127.0.0.1:2048 and up) any web page open in the browser can call", Assert.Single(before.Problems));
        Assert.Equal([Host, KernelProgram, "{connection_file}"], Argv(File.ReadAllText(KernelJson)));
        Assert.True(KernelRegistration.Inspect(Environment(), Expected()).IsCorrect);
    }

    [Fact]
    public void The_workbooks_earlier_registration_of_the_tools_jupyter_command_is_repaired_and_the_message_names_the_tool_version()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, EarlierWorkbookKernelJson.Replace("TOOL", ToolDll, StringComparison.Ordinal));

        var before = KernelRegistration.Register(Environment(), Expected());

        Assert.Equal("it runs the .NET Interactive tool 1.0.712001's jupyter command, whose HTTP API (127.0.0.1:2048 and up) any web page open in the browser can call", Assert.Single(before.Problems));
        Assert.DoesNotContain("jupyter", Argv(File.ReadAllText(KernelJson)));
        Assert.True(KernelRegistration.Inspect(Environment(), Expected()).IsCorrect);
    }

    [Fact]
    public void A_registration_whose_kernel_program_is_gone_is_reported_and_repaired()
    {
        var moved = Expected();
        moved["argv"]![1] = System.IO.Path.Combine(folder, "moved-away", KernelSpec.ProgramFile);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, moved.ToJsonString());

        var before = KernelRegistration.Register(Environment(), Expected());

        Assert.Equal($"its kernel program {moved["argv"]![1]} does not exist", Assert.Single(before.Problems));
        Assert.True(KernelRegistration.Inspect(Environment(), Expected()).IsCorrect);
    }

    [Fact]
    public void A_kernel_json_that_is_not_json_is_reported_and_replaced()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, "{ \"argv\": [");

        var before = KernelRegistration.Register(Environment(), Expected());

        Assert.StartsWith("it is not valid JSON", Assert.Single(before.Problems), StringComparison.Ordinal);
        Assert.True(KernelRegistration.Inspect(Environment(), Expected()).IsCorrect);
    }

    [Fact]
    public void A_kernel_of_the_same_name_in_JUPYTER_PATH_hides_the_registration_and_is_reported()
    {
        var other = System.IO.Path.Combine(folder, "jupyter-path");
        Directory.CreateDirectory(System.IO.Path.Combine(other, "kernels", ".net-csharp"));
        File.WriteAllText(System.IO.Path.Combine(other, "kernels", ".net-csharp", "kernel.json"), MicrosoftsKernelJson);
        var environment = Environment(("JUPYTER_PATH", other));

        KernelRegistration.Register(environment, Expected());
        var state = KernelRegistration.Inspect(environment, Expected());

        Assert.Empty(state.Problems);
        Assert.Equal([System.IO.Path.Combine(other, "kernels", ".net-csharp")], state.Shadowed);
        Assert.False(state.IsCorrect);
    }

    [Fact]
    public void The_data_folder_follows_Jupyters_rules()
    {
        Assert.Equal(DataDir, JupyterPaths.DataDirectory(Environment()));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("/home/ada/.local/share/jupyter", JupyterPaths.DataDirectory(Lookup(("HOME", "/home/ada"))));
            Assert.Equal("/xdg/jupyter", JupyterPaths.DataDirectory(Lookup(("HOME", "/home/ada"), ("XDG_DATA_HOME", "/xdg"))));
        }
    }

    private static Func<string, string?> Lookup(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static List<string> Argv(string kernelJson) =>
        [.. JsonNode.Parse(kernelJson)!["argv"]!.AsArray().Select(a => a!.GetValue<string>())];

    private Func<string, string?> Environment(params (string Name, string Value)[] more) =>
        Lookup([("JUPYTER_DATA_DIR", DataDir), ("HOME", folder), .. more]);

    private JsonObject Expected() => KernelSpec.Expected(Host, KernelProgram);
}
