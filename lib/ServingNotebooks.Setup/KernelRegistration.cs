using System.Text.Json.Nodes;

namespace ServingNotebooks.Setup;

/// <summary>The state of the workbook's kernel in a Jupyter data folder.</summary>
/// <param name="KernelJson">The kernel.json path.</param>
/// <param name="Exists">Whether a kernel.json is there.</param>
/// <param name="Problems">What is wrong with it, in words a learner understands (empty: it is what setup writes).</param>
/// <param name="Shadowed">Kernel folders of the same name that Jupyter finds first (<c>JUPYTER_PATH</c>).</param>
public sealed record KernelState(string KernelJson, bool Exists, IReadOnlyList<string> Problems, IReadOnlyList<string> Shadowed)
{
    /// <summary>Whether the registration is exactly what setup writes and nothing hides it.</summary>
    public bool IsCorrect => Exists && Problems.Count == 0 && Shadowed.Count == 0;
}

/// <summary>
/// Registers the workbook's C# kernel in the user's Jupyter data folder (<c>kernels/.net-csharp</c> only: no F# or PowerShell
/// kernels), and repairs a registration that differs from it; leaves a correct one untouched.
/// </summary>
public static class KernelRegistration
{
    /// <summary>Reads the registration in the data folder <paramref name="environment"/> points at, without changing anything.</summary>
    /// <param name="environment">Reads an environment variable (<c>JUPYTER_DATA_DIR</c>, <c>JUPYTER_PATH</c>, <c>HOME</c>, …).</param>
    /// <param name="expected">The kernel spec setup writes (<see cref="KernelSpec.Expected"/>).</param>
    public static KernelState Inspect(Func<string, string?> environment, JsonObject expected)
    {
        var path = Path.Combine(JupyterPaths.KernelDirectory(environment, KernelSpec.Name), "kernel.json");
        var shadowed = JupyterPaths.Shadowing(environment, KernelSpec.Name);
        return File.Exists(path)
            ? new KernelState(path, true, KernelSpec.Problems(File.ReadAllText(path), expected), shadowed)
            : new KernelState(path, false, [], shadowed);
    }

    /// <summary>
    /// Writes kernel.json when it is missing or differs from <paramref name="expected"/> (and copies the logos from
    /// <paramref name="logoFolder"/> when given); returns the state before, so the caller can say what it repaired.
    /// A correct registration is not touched (the file keeps its bytes and its time stamp).
    /// </summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="expected">The kernel spec to register.</param>
    /// <param name="logoFolder">A folder with <c>logo-32x32.png</c> and <c>logo-64x64.png</c>, or null.</param>
    public static KernelState Register(Func<string, string?> environment, JsonObject expected, string? logoFolder = null)
    {
        var before = Inspect(environment, expected);
        if (before.Exists && before.Problems.Count == 0)
        {
            return before;
        }

        var folder = Path.GetDirectoryName(before.KernelJson)!;
        Directory.CreateDirectory(folder);
        var temporary = before.KernelJson + ".tmp";
        File.WriteAllText(temporary, KernelSpec.Format(expected));
        File.Move(temporary, before.KernelJson, overwrite: true);
        if (logoFolder is not null)
        {
            foreach (var logo in new[] { "logo-32x32.png", "logo-64x64.png" })
            {
                var source = Path.Combine(logoFolder, logo);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(folder, logo), overwrite: true);
                }
            }
        }

        return before;
    }
}
