using System.IO.Compression;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>Small helpers for the platform tests: temporary folders, zips, hand-made grades.</summary>
internal static class PlatformFiles
{
    public static string TempFolder(string prefix) => Directory.CreateTempSubdirectory("servingbook-" + prefix + "-").FullName;

    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A zip at <paramref name="zip"/> with the given entries (name → text).</summary>
    public static void Zip(string zip, params (string Name, string Text)[] entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open());
            writer.Write(text);
        }
    }

    /// <summary>A student's grades made by hand: (exercise number, points, feedback lines) per exercise, 10 points each.</summary>
    public static StudentGrade Grade(string student, params (int Number, double Points, string[] Feedback)[] exercises) =>
        new(student, [.. exercises.Select(e => new ExerciseGrade(e.Number, GradingSpec.Exercises.Single(x => x.Number == e.Number).Notebook, e.Points, 10, e.Feedback))], []);
}
