namespace ServingNotebooks.Setup;

/// <summary>
/// Whether the published kernel program is as new as every source it is built from, decided the way <c>./servingbook</c>
/// decides for its own build: a stamp written after each successful publish, and no source changed since — no C#, project,
/// props, targets or JSON file under <c>lib/</c> (outside <c>bin/</c> and <c>obj/</c>), nor the root's
/// <c>Directory.Build.props</c>, <c>Directory.Packages.props</c> or <c>global.json</c>, is newer than the stamp. Setup then
/// skips <c>dotnet publish</c>, which otherwise restores, compiles and (ReadyToRun) precompiles again whenever NuGet's
/// inputs differ though no source did (another home folder, another package source: a dev container's first start after
/// the image's): minutes of work for the same program.
/// </summary>
public static class KernelBuildStamp
{
    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".props", ".targets", ".json"];

    private static readonly string[] RootFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    /// <summary>The stamp file: in the kernel project's <c>obj/</c> folder, beside what the publish itself keeps.</summary>
    /// <param name="workbook">The workbook.</param>
    public static string PathFor(Workbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        return Path.Combine(workbook.Root, "lib", "ServingNotebooks.Kernel", "obj", "kernel-published.stamp");
    }

    /// <summary>True when the kernel program exists, a stamp exists, and no source is newer than the stamp.</summary>
    /// <param name="workbook">The workbook.</param>
    public static bool IsCurrent(Workbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var stamp = PathFor(workbook);
        if (!File.Exists(workbook.KernelProgram) || !File.Exists(stamp))
        {
            return false;
        }

        var built = File.GetLastWriteTimeUtc(stamp);
        return FirstNewerSource(workbook, built) is null;
    }

    /// <summary>Writes (or renews) the stamp: call right after a successful publish.</summary>
    /// <param name="workbook">The workbook.</param>
    public static void Write(Workbook workbook)
    {
        var stamp = PathFor(workbook);
        Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
        File.WriteAllText(stamp, "written by setup after publishing the kernel program; a source newer than this file makes setup publish again\n");
    }

    /// <summary>The first source file newer than <paramref name="builtUtc"/>, or null when there is none.</summary>
    /// <param name="workbook">The workbook.</param>
    /// <param name="builtUtc">When the kernel program was published (UTC).</param>
    public static string? FirstNewerSource(Workbook workbook, DateTime builtUtc)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var roots = RootFiles.Select(name => Path.Combine(workbook.Root, name)).Where(File.Exists);
        return roots.Concat(Sources(Path.Combine(workbook.Root, "lib"))).FirstOrDefault(file => File.GetLastWriteTimeUtc(file) > builtUtc);
    }

    private static IEnumerable<string> Sources(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (SourceExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(sub);
            if (name is "bin" or "obj" || name.StartsWith('.'))
            {
                continue;
            }

            foreach (var file in Sources(sub))
            {
                yield return file;
            }
        }
    }
}
