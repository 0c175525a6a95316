using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;
using WorkbookSetupCommand = ServingNotebooks.Setup.SetupCommand;

namespace ServingNotebooks.Tests.Setup;

/// <summary>
/// The whole of <c>servingbook setup</c> on this workbook, with Jupyter pointed at a temporary data folder
/// (<c>JUPYTER_DATA_DIR</c>, an empty <c>JUPYTER_PATH</c>): the first run registers and starts the kernel, a second run changes
/// nothing, <c>--check</c> reports a damaged registration without touching it, and the next run repairs it. The library is
/// checked, not rebuilt (<see cref="SetupOptions.Build"/> false): a rebuild of lib/bin while other tests run notebooks from it
/// would pull it from under them; <see cref="StudentCopyTests"/> covers the build in a copy of its own.
/// </summary>
[Collection(KernelCollection.Name)]
[Trait("Tier", "EndToEnd")]
public sealed class SetupRunTests : IDisposable
{
    private readonly string folder = Fixture.TempFolder();

    private string KernelJson => System.IO.Path.Combine(folder, "data", "kernels", ".net-csharp", "kernel.json");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Setup_registers_and_starts_the_kernel_then_changes_nothing_and_check_reports_damage_that_setup_repairs()
    {
        Assert.True(JupyterProbe.FindJupyter(Environment) is not null, "these tests start the kernel through Jupyter: install it (.ci/install-dependencies)");
        var workbook = Assert.IsType<ServingNotebooks.Setup.Workbook>(ServingNotebooks.Setup.Workbook.Find(Workbook.Workbook.Root));

        // 1. Fresh: the kernel is registered in the temporary folder and proven through Jupyter.
        var (console, text) = PlainConsole.Create();
        var exit = await WorkbookSetupCommand.ExecuteAsync(new SetupOptions(workbook, false, Environment) { Build = false }, console);
        Assert.True(exit == 0, text.ToString());
        Assert.Contains("✔ Jupyter kernel: .net-csharp registered, ZeroMQ only, no HTTP listener", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("✔ Kernel start: the kernel started and ran setup.dib and the library", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("VS Code", text.ToString(), StringComparison.Ordinal);
        var registered = File.ReadAllBytes(KernelJson);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(KernelJson, stamp);

        // 2. Again (without starting the kernel a second time): every step is already in place.
        var again = await WorkbookSetup.RunAsync(new SetupOptions(workbook, false, Environment) { StartKernel = false, Build = false });
        Assert.All(again, step => Assert.True(step.Status == StepStatus.Ok, $"{step.Name}: {step.Status}: {step.Detail}"));
        Assert.Equal(registered, File.ReadAllBytes(KernelJson));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(KernelJson));

        // 3. Damaged (its kernel program moved away): --check reports it and leaves it alone.
        var damaged = File.ReadAllText(KernelJson).Replace(KernelSpec.ProgramFile, "moved-away.dll", StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllText(KernelJson), damaged);
        File.WriteAllText(KernelJson, damaged);
        var (checkConsole, checkText) = PlainConsole.Create();
        Assert.Equal(1, await WorkbookSetupCommand.ExecuteAsync(new SetupOptions(workbook, true, Environment), checkConsole));
        Assert.Contains("✘ Jupyter kernel: .net-csharp needs repair: its kernel program ", checkText.ToString(), StringComparison.Ordinal);
        Assert.Contains("moved-away.dll does not exist", checkText.ToString(), StringComparison.Ordinal);
        Assert.Equal(damaged, File.ReadAllText(KernelJson));

        // 4. Setup repairs it.
        var repair = await WorkbookSetup.RunAsync(new SetupOptions(workbook, false, Environment) { StartKernel = false, Build = false });
        var kernel = Assert.Single(repair, s => s.Name == "Jupyter kernel");
        Assert.Equal(StepStatus.Changed, kernel.Status);
        Assert.StartsWith(".net-csharp repaired (its kernel program ", kernel.Detail, StringComparison.Ordinal);
        Assert.Equal(registered, File.ReadAllBytes(KernelJson));
    }

    private string? Environment(string name) => name switch
    {
        "JUPYTER_DATA_DIR" => System.IO.Path.Combine(folder, "data"),
        "JUPYTER_PATH" => System.IO.Path.Combine(folder, "path"),
        _ => System.Environment.GetEnvironmentVariable(name),
    };
}
