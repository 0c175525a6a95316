using ServingBook;
using ServingNotebooks.Setup;
using ServingNotebooks.Tests.Runner;

namespace ServingNotebooks.Tests.Cli;

/// <summary>
/// Multi-core JIT for the command line (<c>JitProfile</c>): a run leaves a profile, the next run starts from it, and neither
/// the profile nor a damaged one changes what a run produces.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class JitProfileTests : IDisposable
{
    private readonly string folder = Fixture.TempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "--version" }, null)]
    [InlineData(new[] { "help" }, null)]
    [InlineData(new[] { "run" }, "0")]
    public void Nothing_starts_without_a_subcommand_that_runs_notebooks_or_when_switched_off(string[] args, string? setting)
    {
        Assert.Null(JitProfile.Start(args, setting));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Every_subcommand_of_the_command_line_keeps_a_profile()
    {
        var (console, _) = PlainConsole.Create();
        var names = ServingBook.Cli.Build(console).Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(names, JitProfile.Subcommands.Order(StringComparer.Ordinal));
    }

    [Trait("Tier", "EndToEnd")]
    [Fact]
    public async Task A_run_leaves_a_profile_the_next_run_starts_from_and_a_damaged_profile_changes_no_result()
    {
        var profiles = Path.Combine(folder, "profiles");
        var profile = Path.Combine(profiles, "run.jitprofile");
        var environment = new Dictionary<string, string?> { [JitProfile.SwitchVariable] = profiles };

        var first = await RunAsync("first", environment);
        Assert.True(new FileInfo(profile).Length > 1_000, "the first run wrote no profile");

        var second = await RunAsync("second", environment);
        Assert.Equal(first, second);

        await File.WriteAllBytesAsync(profile, [.. Enumerable.Range(0, 4_096).Select(i => (byte)(i * 37))]);
        var damaged = await RunAsync("damaged", environment);
        Assert.Equal(first, damaged);
        Assert.NotEqual(4_096, new FileInfo(profile).Length); // rewritten by the run

        // Switched off, the run neither reads nor writes a profile.
        var written = File.GetLastWriteTimeUtc(profile);
        Assert.Equal(first, await RunAsync("off", new Dictionary<string, string?> { [JitProfile.SwitchVariable] = "0" }));
        Assert.Equal(written, File.GetLastWriteTimeUtc(profile));
    }

    /// <summary>Runs the fixture notebook through the built command line; returns the executed notebook's text.</summary>
    private async Task<string> RunAsync(string name, Dictionary<string, string?> environment)
    {
        var output = Path.Combine(folder, name);
        var program = Path.Combine(AppContext.BaseDirectory, "servingbook.dll");
        var run = await Processes.RunAsync("dotnet", [program, "run", Fixture.Path("solution.ipynb"), "--output", output], folder, environment, TimeSpan.FromMinutes(10));
        Assert.True(run.Succeeded, run.Output);
        return await File.ReadAllTextAsync(Path.Combine(output, "solution.ipynb"));
    }
}
