using System.Text.Json.Nodes;
using Json.Schema;

namespace ServingNotebooks.Tests.Platforms;

/// <summary>Validates results.json text against the schema written from Gradescope's specification (gradescope-results.schema.json).</summary>
internal static class GradescopeSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Platforms", "gradescope-results.schema.json"))));

    /// <summary>Fails with every schema error when <paramref name="json"/> is not valid.</summary>
    public static void AssertValid(string json)
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            Assert.Fail($"results.json does not follow Gradescope's spec:\n{string.Join("\n", errors)}\n{json}");
        }
    }

    /// <summary>True when <paramref name="json"/> is valid (for the schema's own tests).</summary>
    public static bool IsValid(string json) =>
        Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
}
