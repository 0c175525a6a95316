using System.Text.Json.Nodes;
using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Setup;

/// <summary>
/// The kernel registration in a temporary Jupyter data folder (<c>JUPYTER_DATA_DIR</c>): fresh, again (nothing changes), and
/// repaired from the damaged registrations learners have (Microsoft's <c>jupyter install</c> output, an older tool).
/// Never touches the real <c>~/.local/share/jupyter</c>.
/// </summary>
public sealed class KernelRegistrationTests : IDisposable
{
    private const string Pinned = "1.0.712001";

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
        File.WriteAllText(Host, "#!/bin/sh");
    }

    private string DataDir => System.IO.Path.Combine(folder, "jupyter-data");

    private string Host => System.IO.Path.Combine(folder, "dotnet");

    private string ToolDll => System.IO.Path.Combine(folder, "nuget", "microsoft.dotnet-interactive", Pinned, "tools", "net10.0", "any", "Microsoft.DotNet.Interactive.App.dll");

    private string KernelJson => System.IO.Path.Combine(DataDir, "kernels", ".net-csharp", "kernel.json");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_fresh_registration_writes_only_the_csharp_kernel_with_http_local_only_and_the_tool_by_absolute_path()
    {
        var before = KernelRegistration.Register(Environment(), Expected(), Pinned);

        Assert.False(before.Exists);
        Assert.Equal([".net-csharp"], Directory.GetDirectories(System.IO.Path.Combine(DataDir, "kernels")).Select(System.IO.Path.GetFileName));
        var argv = Argv(File.ReadAllText(KernelJson));
        Assert.Equal(Host, argv[0]);
        Assert.Equal(ToolDll, argv[3]);
        Assert.True(System.IO.Path.IsPathFullyQualified(argv[3]), "the kernel must not depend on the folder Jupyter starts it in");
        Assert.Equal(["jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"], argv[4..9]);
        Assert.True(KernelRegistration.Inspect(Environment(), Expected(), Pinned).IsCorrect);
    }

    [Fact]
    public void A_second_registration_changes_nothing()
    {
        KernelRegistration.Register(Environment(), Expected(), Pinned);
        var bytes = File.ReadAllBytes(KernelJson);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(KernelJson, stamp);

        var before = KernelRegistration.Register(Environment(), Expected(), Pinned);

        Assert.True(before.IsCorrect);
        Assert.Equal(bytes, File.ReadAllBytes(KernelJson));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(KernelJson));
    }

    [Fact]
    public void Microsofts_own_registration_is_repaired_it_opens_a_listener_on_every_interface_and_needs_the_manifest()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, MicrosoftsKernelJson);

        var before = KernelRegistration.Register(Environment(), Expected(), Pinned);

        Assert.Contains(before.Problems, p => p.Contains("lacks --http-local-only", StringComparison.Ordinal));
        Assert.Contains(before.Problems, p => p.Contains("'dotnet interactive'", StringComparison.Ordinal) && p.Contains("tool manifest", StringComparison.Ordinal));
        Assert.Contains("--http-local-only", Argv(File.ReadAllText(KernelJson)));
        Assert.True(KernelRegistration.Inspect(Environment(), Expected(), Pinned).IsCorrect);
    }

    [Fact]
    public void A_registration_of_another_tool_version_is_repaired_and_the_message_names_both_versions()
    {
        var older = ToolDll.Replace(Pinned, "1.0.611002", StringComparison.Ordinal);
        var spec = Expected();
        spec["argv"]![3] = older;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, spec.ToJsonString());

        var before = KernelRegistration.Register(Environment(), Expected(), Pinned);

        Assert.Equal("it runs .NET Interactive 1.0.611002; the workbook pins 1.0.712001", Assert.Single(before.Problems));
        Assert.Equal(ToolDll, Argv(File.ReadAllText(KernelJson))[3]);
    }

    [Fact]
    public void A_registration_without_http_local_only_but_otherwise_right_is_repaired()
    {
        var spec = Expected();
        spec["argv"]!.AsArray().RemoveAt(7);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, spec.ToJsonString());

        Assert.Equal("--http-local-only", Expected()["argv"]![7]!.GetValue<string>());
        var before = KernelRegistration.Register(Environment(), Expected(), Pinned);

        Assert.StartsWith("it lacks --http-local-only", Assert.Single(before.Problems), StringComparison.Ordinal);
        Assert.True(KernelRegistration.Inspect(Environment(), Expected(), Pinned).IsCorrect);
    }

    [Fact]
    public void A_kernel_json_that_is_not_json_is_reported_and_replaced()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(KernelJson)!);
        File.WriteAllText(KernelJson, "{ \"argv\": [");

        var before = KernelRegistration.Register(Environment(), Expected(), Pinned);

        Assert.StartsWith("it is not valid JSON", Assert.Single(before.Problems), StringComparison.Ordinal);
        Assert.True(KernelRegistration.Inspect(Environment(), Expected(), Pinned).IsCorrect);
    }

    [Fact]
    public void A_kernel_of_the_same_name_in_JUPYTER_PATH_hides_the_registration_and_is_reported()
    {
        var other = System.IO.Path.Combine(folder, "jupyter-path");
        Directory.CreateDirectory(System.IO.Path.Combine(other, "kernels", ".net-csharp"));
        File.WriteAllText(System.IO.Path.Combine(other, "kernels", ".net-csharp", "kernel.json"), MicrosoftsKernelJson);
        var environment = Environment(("JUPYTER_PATH", other));

        KernelRegistration.Register(environment, Expected(), Pinned);
        var state = KernelRegistration.Inspect(environment, Expected(), Pinned);

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

    private JsonObject Expected() => KernelSpec.Expected(Host, ToolDll);
}
