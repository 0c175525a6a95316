namespace ServingNotebooks.Setup;

/// <summary>
/// Where Jupyter looks for kernels, by Jupyter's own rules (<c>jupyter_core.paths</c>): the user data folder that
/// <c>jupyter kernelspec install --user</c> writes to, and the folders searched before it.
/// </summary>
/// <remarks>
/// Every member takes the environment as a lookup, so tests point Jupyter at a temporary folder
/// (<c>JUPYTER_DATA_DIR</c>, <c>JUPYTER_PATH</c>) without touching the real registration.
/// </remarks>
public static class JupyterPaths
{
    /// <summary>
    /// The user's Jupyter data folder: <c>JUPYTER_DATA_DIR</c> when set; otherwise <c>~/Library/Jupyter</c> on macOS,
    /// <c>%APPDATA%\jupyter</c> on Windows, <c>$XDG_DATA_HOME/jupyter</c> or <c>~/.local/share/jupyter</c> elsewhere.
    /// </summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    public static string DataDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (NonEmpty(environment("JUPYTER_DATA_DIR")) is { } explicitFolder)
        {
            return Path.GetFullPath(explicitFolder);
        }

        var home = NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Jupyter");
        }

        if (OperatingSystem.IsWindows())
        {
            return NonEmpty(environment("APPDATA")) is { } appData
                ? Path.Combine(appData, "jupyter")
                : Path.Combine(home, ".jupyter", "data");
        }

        return Path.Combine(NonEmpty(environment("XDG_DATA_HOME")) ?? Path.Combine(home, ".local", "share"), "jupyter");
    }

    /// <summary>The kernel folder <paramref name="kernelName"/> gets in the user's data folder.</summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="kernelName">The kernel's name, e.g. <c>.net-csharp</c>.</param>
    public static string KernelDirectory(Func<string, string?> environment, string kernelName) =>
        Path.Combine(DataDirectory(environment), "kernels", kernelName);

    /// <summary>
    /// Kernel folders named <paramref name="kernelName"/> that Jupyter finds before the user's own: Jupyter searches the
    /// <c>JUPYTER_PATH</c> folders first, so a kernel there hides the one setup registers.
    /// </summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="kernelName">The kernel's name.</param>
    public static IReadOnlyList<string> Shadowing(Func<string, string?> environment, string kernelName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var own = Path.GetFullPath(KernelDirectory(environment, kernelName));
        return [.. (environment("JUPYTER_PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(folder => Path.GetFullPath(Path.Combine(folder, "kernels", kernelName)))
            .Where(folder => folder != own && File.Exists(Path.Combine(folder, "kernel.json")))
            .Distinct()];
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
