using System.Diagnostics;

namespace ServingBook;

/// <summary>
/// The programs <c>servingbook book</c> renders with: Jupyter's nbconvert (its HTML exporter turns each executed notebook
/// into a page) and a local copy of MathJax 2.7 (typesets the lessons' formulas in the browser, with no CDN at view time).
/// </summary>
/// <param name="Jupyter">The <c>jupyter</c> program that has the <c>nbconvert</c> subcommand.</param>
/// <param name="NbconvertVersion">What <c>jupyter nbconvert --version</c> printed, e.g. <c>6.5.3</c>.</param>
/// <param name="MathJaxFolder">The MathJax 2 folder (holds <c>MathJax.js</c> and <c>config/TeX-AMS_CHTML.js</c>).</param>
public sealed record BookTools(string Jupyter, string NbconvertVersion, string MathJaxFolder)
{
    /// <summary>What to install when a tool is missing, in one line.</summary>
    public const string InstallHint =
        "on Debian/Ubuntu: sudo apt install jupyter-nbconvert libjs-mathjax fonts-mathjax (elsewhere: python3 -m pip install nbconvert, and MathJax 2.7 named with --mathjax)";

    /// <summary>Debian's <c>jupyter</c> (package jupyter-nbconvert): preferred to the first one on PATH, which may belong to another Python.</summary>
    public const string DebianJupyter = "/usr/bin/jupyter";

    /// <summary>Debian's MathJax 2.7 (package libjs-mathjax; its fonts come from fonts-mathjax).</summary>
    public const string DebianMathJax = "/usr/share/javascript/mathjax";

    /// <summary>The MathJax configuration the pages load: TeX input with the AMS extensions, CommonHTML output.</summary>
    public const string MathJaxConfig = "TeX-AMS_CHTML";

    /// <summary>
    /// Finds nbconvert and MathJax; null and one message naming what is missing and what to install when either is absent.
    /// </summary>
    /// <param name="mathJaxFolder">A MathJax 2 folder given on the command line, or null for Debian's.</param>
    public static (BookTools? Tools, string? Problem) Find(string? mathJaxFolder)
    {
        var problems = new List<string>();
        var jupyter = File.Exists(DebianJupyter) ? DebianJupyter : FindOnPath("jupyter");
        string? version = null;
        if (jupyter is null)
        {
            problems.Add("Jupyter's nbconvert is not installed (no jupyter program)");
        }
        else
        {
            version = AskNbconvertVersion(jupyter);
            if (version is null)
            {
                problems.Add($"{jupyter} has no working nbconvert ('{jupyter} nbconvert --version' failed)");
            }
        }

        var mathJax = mathJaxFolder ?? DebianMathJax;
        if (!File.Exists(Path.Combine(mathJax, "MathJax.js")) || !File.Exists(Path.Combine(mathJax, "config", MathJaxConfig + ".js")))
        {
            problems.Add(mathJaxFolder is null
                ? $"MathJax 2.7 is not installed (no {DebianMathJax}/MathJax.js)"
                : $"--mathjax: '{mathJaxFolder}' is not a MathJax 2.7 folder (it needs MathJax.js and config/{MathJaxConfig}.js)");
        }

        return problems.Count == 0
            ? (new BookTools(jupyter!, version!, mathJax), null)
            : (null, $"servingbook book needs Jupyter's nbconvert and MathJax 2.7: {string.Join("; ", problems)}. Install them: {InstallHint}");
    }

    private static string? AskNbconvertVersion(string jupyter)
    {
        try
        {
            var start = new ProcessStartInfo(jupyter) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("nbconvert");
            start.ArgumentList.Add("--version");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Trim().Length > 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
