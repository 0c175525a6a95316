using System.Text.Json;

namespace ServingNotebooks.Grading.Platforms;

/// <summary>
/// Checks a student template repository before the Classroom workflow goes into it: it must be a student copy
/// (<c>servingbook release --student-copy</c>) with the practice check, and hold nothing students must not see — no grader
/// project, no source file of hidden cases (<c>Hidden*.cs</c>), no notebook with a cell tagged <c>solution</c> (an
/// instructor notebook).
/// </summary>
public static class ClassroomTemplate
{
    /// <summary>What is wrong with the template, one line each; empty when it may be given to students.</summary>
    /// <param name="folder">The template repository's folder.</param>
    public static IReadOnlyList<string> Problems(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var problems = new List<string>();
        if (!File.Exists(Path.Combine(folder, ClassroomWorkflow.PracticeProject, "ServingNotebooks.Practice.csproj")))
        {
            problems.Add($"{ClassroomWorkflow.PracticeProject} is missing: the workflow's steps run it. Make the template with `servingbook release --student-copy <folder>`.");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };
        var files = Directory.EnumerateFiles(folder, "*", options)
            .Select(f => Path.GetRelativePath(folder, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is ".git" or "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        problems.AddRange(files.Where(f => f.Split(Path.DirectorySeparatorChar).Contains("ServingNotebooks.Grading")).Take(1)
            .Select(f => $"{f}: the grader project (with the hidden cases) must not be in a student repository."));
        problems.AddRange(files.Where(f => Path.GetFileName(f).StartsWith("Hidden", StringComparison.OrdinalIgnoreCase) && f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            .Select(f => $"{f}: a source file of hidden cases must not be in a student repository."));
        problems.AddRange(files.Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) && HasSolutionCell(Path.Combine(folder, f)))
            .Select(f => $"{f} has cells tagged '{Release.SolutionTag}' (an instructor notebook): release it with `servingbook release`."));
        return problems;
    }

    private static bool HasSolutionCell(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("cells", out var cells) && cells.ValueKind == JsonValueKind.Array
                && cells.EnumerateArray().Any(c => c.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                    && m.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                    && tags.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == Release.SolutionTag));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
