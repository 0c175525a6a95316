using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>What the bubblewrap sandbox shows a worker, read from the arguments it is started with.</summary>
public class SandboxTests
{
    private static readonly SandboxLayout Layout = new(
        "/out/.grading/stage/ada/notebooks",
        "/book/notebooks/setup.dib",
        "/book/notebooks/data",
        [("/book/lib/ServingMath/bin", "lib/ServingMath/bin")],
        new WorkerCommand("/usr/bin/dotnet", "/book/lib/ServingBook/bin/Debug/net10.0/grade-worker/servingbook-grade-worker.dll"));

    private static List<(string Kind, string From, string To)> Binds(IReadOnlyList<string> args)
    {
        var binds = new List<(string, string, string)>();
        for (var i = 0; i < args.Count - 2; i++)
        {
            if (args[i] is "--bind" or "--ro-bind")
            {
                binds.Add((args[i], args[i + 1], args[i + 2]));
                i += 2;
            }
        }

        return binds;
    }

    [Fact]
    public void The_worker_has_no_network_its_own_processes_and_session_and_dies_with_the_grader()
    {
        var args = Sandbox.Arguments(Layout, new Dictionary<string, string>());
        foreach (var flag in new[] { "--unshare-net", "--unshare-pid", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv" })
        {
            Assert.Contains(flag, args);
        }

        Assert.Equal(["--cap-drop", "ALL"], args.SkipWhile(a => a != "--cap-drop").Take(2));
        Assert.Equal(["--tmpfs", "/tmp"], args.SkipWhile(a => a != "--tmpfs").Take(2));
        Assert.Equal("/grading/worker/servingbook-grade-worker.dll", args[^1]);
    }

    [Fact]
    public void The_home_folder_exists_and_the_graders_resolved_package_lists_are_shown_read_only()
    {
        // The dependency manager puts its cache under the home folder only when that folder exists; the worker copies the
        // grader's resolved package lists there, so setup.dib's #r "nuget: …" does not restore in every worker.
        var args = Sandbox.Arguments(Layout with { ResolvedPackages = "/home/teacher/.packagemanagement/nuget/Cache" }, new Dictionary<string, string>());

        // /tmp sticky and writable by all (the worker may run as a user of its own), home inside it.
        Assert.Equal(["--perms", "01777", "--size", "536870912", "--tmpfs", "/tmp", "--perms", "0777", "--dir", "/tmp/home"], args.SkipWhile(a => a != "--proc").Skip(4).Take(10));
        Assert.Contains(("--ro-bind", "/home/teacher/.packagemanagement/nuget/Cache", Sandbox.ResolvedPackagesInside), Binds(args));
        Assert.Equal(["--setenv", ResolvedPackages.Variable, Sandbox.ResolvedPackagesInside], args.SkipWhile(a => a != ResolvedPackages.Variable).Prepend("--setenv").Take(3));

        var without = Sandbox.Arguments(Layout, new Dictionary<string, string>());
        Assert.DoesNotContain(Sandbox.ResolvedPackagesInside, without);
        Assert.DoesNotContain(ResolvedPackages.Variable, without);
    }

    [Fact]
    public void Seeding_copies_the_lists_home_and_keeps_what_is_there()
    {
        var root = Directory.CreateTempSubdirectory("servingbook-seed-").FullName;
        try
        {
            var source = Directory.CreateDirectory(Path.Combine(root, "ro")).FullName;
            File.WriteAllText(Path.Combine(source, "a.resolvedReferences.paths"), "from the grader");
            File.WriteAllText(Path.Combine(source, "b.csx"), "from the grader");
            var home = Path.Combine(root, "home", ".packagemanagement", "nuget", "Cache");
            Directory.CreateDirectory(home);
            File.WriteAllText(Path.Combine(home, "b.csx"), "the worker's own");

            Assert.Equal(1, ResolvedPackages.Seed(source, home));
            Assert.Equal("from the grader", File.ReadAllText(Path.Combine(home, "a.resolvedReferences.paths")));
            Assert.Equal("the worker's own", File.ReadAllText(Path.Combine(home, "b.csx")));
            Assert.Equal(0, ResolvedPackages.Seed(null, home));
            Assert.Equal(0, ResolvedPackages.Seed(Path.Combine(root, "missing"), home));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Only_the_students_own_notebooks_folder_is_writable_and_the_workbook_is_read_only()
    {
        var args = Sandbox.Arguments(Layout with { ScratchBytes = 100L << 20 }, new Dictionary<string, string>());
        var binds = Binds(args);

        // Nothing of the host is writable: the notebooks' folder is a tmpfs of the scratch size (100 MiB = 104857600 bytes).
        Assert.DoesNotContain(binds, b => b.Kind == "--bind");
        var tmpfs = Enumerable.Range(1, args.Count - 2).Single(i => args[i] == "--tmpfs" && args[i + 1] == "/grading/notebooks");
        Assert.Equal(["--size", "104857600"], args.Skip(tmpfs - 2).Take(2));
        Assert.Contains(("--ro-bind", "/book/notebooks/setup.dib", "/grading/notebooks/setup.dib"), binds);
        Assert.Contains(("--ro-bind", "/book/notebooks/data", "/grading/notebooks/data"), binds);
        Assert.Contains(("--ro-bind", "/book/lib/ServingMath/bin", "/grading/lib/ServingMath/bin"), binds);
        Assert.Contains(("--ro-bind", "/book/lib/ServingBook/bin/Debug/net10.0/grade-worker", "/grading/worker"), binds);

        // Nothing of the output folder but the student's stage, nothing of the workbook but what setup.dib needs.
        Assert.DoesNotContain(binds, b => b.From.StartsWith("/out", StringComparison.Ordinal) && b.From != Layout.NotebooksFolder);
        Assert.DoesNotContain(binds, b => b.From is "/book" or "/book/notebooks" or "/book/lib" or "/");
    }

    [Fact]
    public void The_environment_is_cleared_and_only_named_variables_are_set()
    {
        var args = Sandbox.Arguments(Layout, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x100000000" });
        var set = new Dictionary<string, string>();
        for (var i = 0; i < args.Count - 2; i++)
        {
            if (args[i] == "--setenv")
            {
                set[args[i + 1]] = args[i + 2];
            }
        }

        Assert.True(args.ToList().IndexOf("--clearenv") < args.ToList().IndexOf("--setenv"));
        Assert.Equal("0x100000000", set["DOTNET_GCHeapHardLimit"]);
        Assert.Equal("/tmp/home", set["HOME"]);
        Assert.Equal("false", set["NuGetAudit"]);
        Assert.DoesNotContain(set.Values, v => v.Contains("/out", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_sandbox_the_warning_is_loud()
    {
        var (used, warning) = Sandbox.Resolve(SandboxMode.None);
        Assert.False(used);
        Assert.StartsWith("WARNING: the notebooks ran WITHOUT a sandbox", warning, StringComparison.Ordinal);
        Assert.EndsWith("(--sandbox none was given.)", warning, StringComparison.Ordinal);
        if (Sandbox.BwrapAvailable)
        {
            Assert.Equal((true, (string?)null), Sandbox.Resolve(SandboxMode.Auto));
        }
    }

    [Fact]
    public void The_library_folders_are_those_setup_dib_references()
    {
        const string Setup = """
            #r "nuget: ScottPlot, 5.1.59"
            if (!System.IO.File.Exists("../lib/ServingMath/bin/Debug/net10.0/ServingMath.dll")) { }
            #r "../lib/ServingMath/bin/Debug/net10.0/ServingMath.dll"
            #r "../lib/bin/ServingMath.Charts.dll"
            foreach (var library in new[] { "../lib/bin/ServingMath.dll" }) { }
            """;
        Assert.Equal(["lib/ServingMath/bin/Debug/net10.0", "lib/bin"], Staging.ReferencedLibraries(Setup)); // ordinal order
    }
}
