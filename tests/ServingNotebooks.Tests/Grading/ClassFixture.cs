using System.Text.Json.Nodes;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>The grader tests' view of the workbook: its instructor notebooks (01–05 are used), found by the workbook tests' helper.</summary>
internal static class Workbook
{
    public static string Root => Tests.Workbook.Workbook.Root;

    public static string Notebooks => Tests.Workbook.Workbook.NotebooksFolder;

    public static string Notebook(int number) =>
        Directory.GetFiles(Notebooks, $"{number:00}-*.ipynb").Single();

    public static IReadOnlyList<Exercise> FirstFive => [.. GradingSpec.Exercises.Take(5)];
}

/// <summary>A notebook as JSON, edited cell by cell to make a submission.</summary>
internal sealed class EditableNotebook
{
    private readonly JsonObject _root;

    private EditableNotebook(JsonObject root) => _root = root;

    private JsonArray Cells => (JsonArray)_root["cells"]!;

    /// <summary>The instructor's notebook (solutions kept).</summary>
    public static EditableNotebook Instructor(int number) => new((JsonObject)JsonNode.Parse(File.ReadAllText(Workbook.Notebook(number)))!);

    /// <summary>The student version: the instructor's notebook released.</summary>
    public static EditableNotebook Student(int number)
    {
        var (json, _) = Release.StudentVersion(ServingNotebooks.Runner.NotebookReader.Load(Workbook.Notebook(number)));
        return new((JsonObject)JsonNode.Parse(json)!);
    }

    /// <summary>Index of the first code cell whose source contains <paramref name="text"/>.</summary>
    public int Find(string text) =>
        Cells.Select((c, i) => (c, i)).First(x => x.c!["cell_type"]!.GetValue<string>() == "code" && Source(x.c!).Contains(text, StringComparison.Ordinal)).i;

    /// <summary>Index of the cell tagged <c>solution</c>.</summary>
    public int Solution => Cells.Select((c, i) => (c, i)).First(x => x.c!["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t!.GetValue<string>() == "solution")).i;

    public EditableNotebook Replace(int index, string code)
    {
        Cells[index]!["source"] = new JsonArray(code);
        return this;
    }

    /// <summary>The source of cell <paramref name="index"/>.</summary>
    public string SourceOf(int index) => Source(Cells[index]!);

    public EditableNotebook Insert(int index, string code)
    {
        Cells.Insert(index, new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(code),
        });
        return this;
    }

    public EditableNotebook Remove(params int[] indexes)
    {
        foreach (var i in indexes.OrderDescending())
        {
            Cells.RemoveAt(i);
        }

        return this;
    }

    public EditableNotebook Move(int from, int to)
    {
        var cell = Cells[from]!;
        Cells.RemoveAt(from);
        Cells.Insert(to, cell);
        return this;
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, _root.ToJsonString());
    }

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };
}
