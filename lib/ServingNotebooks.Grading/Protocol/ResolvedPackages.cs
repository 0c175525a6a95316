namespace ServingNotebooks.Grading;

/// <summary>
/// The .NET Interactive dependency manager's cache of resolved <c>#r "nuget: …"</c> package sets
/// (<c>~/.packagemanagement/nuget/Cache</c>: per package set, the assemblies it resolved to in the NuGet package cache).
/// With it a kernel's <c>#r "nuget: …"</c> is a lookup; without it, a <c>dotnet restore</c> (about 5 s of CPU). A sandboxed
/// worker starts with an empty home, so the grader shows it its own cache read-only and the worker copies it home.
/// </summary>
public static class ResolvedPackages
{
    /// <summary>The environment variable that names the read-only copy inside the sandbox.</summary>
    public const string Variable = "SERVINGBOOK_RESOLVED_PACKAGES";

    /// <summary>
    /// The cache folder of the current user (it may not exist). The dependency manager finds it from the home folder only
    /// when that folder exists (otherwise it uses <c>/.packagemanagement</c>), so the sandbox creates its home first.
    /// </summary>
    public static string CacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".packagemanagement", "nuget", "Cache");

    /// <summary>The current user's cache folder when it exists (the grader's, to show a sandboxed worker), else null.</summary>
    public static string? HostFolder() => Directory.Exists(CacheFolder) ? Path.GetFullPath(CacheFolder) : null;

    /// <summary>
    /// Copies the files of <paramref name="source"/> into <paramref name="cacheFolder"/>, keeping files already there. Does
    /// nothing when <paramref name="source"/> is null or missing; a file that cannot be copied is skipped (the kernel then
    /// restores that package set itself).
    /// </summary>
    /// <param name="source">The read-only copy, or null.</param>
    /// <param name="cacheFolder">Where the dependency manager looks (<see cref="CacheFolder"/>); created when missing.</param>
    /// <returns>How many files were copied.</returns>
    public static int Seed(string? source, string cacheFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheFolder);
        if (string.IsNullOrEmpty(source) || !Directory.Exists(source))
        {
            return 0;
        }

        var copied = 0;
        try
        {
            var target = Directory.CreateDirectory(cacheFolder).FullName;
            foreach (var file in Directory.EnumerateFiles(source))
            {
                var destination = Path.Combine(target, Path.GetFileName(file));
                if (!File.Exists(destination))
                {
                    File.Copy(file, destination);
                    copied++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A partial copy is fine: a set without its file is restored as before.
        }

        return copied;
    }
}
