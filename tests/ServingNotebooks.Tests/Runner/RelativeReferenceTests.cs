using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

[Collection(KernelCollection.Name)]
public sealed class RelativeReferenceTests
{
    [Fact]
    public async Task A_relative_assembly_reference_resolves_against_the_notebook_folder_not_the_process()
    {
        var root = Fixture.TempFolder();
        try
        {
            // root/lib/RelativeFixture.dll, and the notebook in root/notebooks/ refers to it as ../lib/RelativeFixture.dll.
            var name = "RelativeFixture" + Guid.NewGuid().ToString("N")[..6];
            Directory.CreateDirectory(Path.Combine(root, "lib"));
            Directory.CreateDirectory(Path.Combine(root, "notebooks"));
            var compilation = CSharpCompilation.Create(
                name,
                [CSharpSyntaxTree.ParseText($"namespace {name}; public static class Helper {{ public static int Answer => 42; }}")],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var emitted = compilation.Emit(Path.Combine(root, "lib", name + ".dll"));
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

            var path = Path.Combine(root, "notebooks", "relative.ipynb");
            File.WriteAllText(path, $$"""
                {"cells": [
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["#r \"../lib/{{name}}.dll\"\n", "var answer = {{name}}.Helper.Answer;"]}
                ], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}
                """);
            Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "..", "lib", name + ".dll")));

            var notebook = NotebookReader.Load(path);
            await using var session = new NotebookRunner().StartSession(notebook);
            var result = await session.RunNotebookAsync(notebook);

            Assert.True(result.Succeeded, result.Cells[0].FailureSummary);
            Assert.Equal(42, session.GetVariable<int>("answer"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_referenced_dll_that_differs_from_the_hosts_copy_of_the_same_assembly_is_an_error()
    {
        var root = Fixture.TempFolder();
        try
        {
            // This test process has its own ServingMath.dll; the notebook references another build named ServingMath.
            var compilation = CSharpCompilation.Create(
                "ServingMath",
                [CSharpSyntaxTree.ParseText("namespace Stale; public static class Old { public static int Answer => 1; }")],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Directory.CreateDirectory(Path.Combine(root, "lib"));
            Assert.True(compilation.Emit(Path.Combine(root, "lib", "ServingMath.dll")).Success);

            await using var session = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = root });
            var cell = await session.RunCellAsync("#r \"lib/ServingMath.dll\"\nvar x = 1;");

            Assert.Equal(CellStatus.Error, cell.Status);
            Assert.Equal("AssemblyMismatch", cell.ErrorName);
            Assert.Contains("different build of ServingMath", cell.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains("different build of ServingMath", cell.StandardError, StringComparison.Ordinal);

            // Reported once per session, not again on every later cell.
            Assert.Equal(CellStatus.Ok, (await session.RunCellAsync("var y = 2;")).Status);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
