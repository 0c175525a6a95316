using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

/// <summary>
/// The runner's smaller Roslyn services host (<c>HeadlessWorkspaceHost</c>): it has what the C# kernel's workspace does with
/// each cell (a C# script project compiled), not the IDE features (completions) or Visual Basic, and it never replaces a
/// host that something in the process already uses.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class HeadlessWorkspaceHostTests
{
    [Fact]
    public void The_pinned_Roslyn_lets_the_default_host_be_set()
    {
        Assert.True(HeadlessWorkspaceHost.IsSupported, "MefHostServices.DefaultHost has no private setter or backing field: every process composes Roslyn's full host again (slower).");
    }

    [Fact]
    public async Task The_CSharp_only_host_compiles_a_CSharp_script_document_and_has_no_Visual_Basic_or_completions()
    {
        using var workspace = new AdhocWorkspace(HeadlessWorkspaceHost.Create());
        Assert.Contains(LanguageNames.CSharp, workspace.Services.SupportedLanguages);
        Assert.DoesNotContain(LanguageNames.VisualBasic, workspace.Services.SupportedLanguages);

        // What the C# kernel's workspace does with each cell: a script project with the runtime's references, one document.
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "cell",
            "cell",
            LanguageNames.CSharp,
            compilationOptions: new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: SourceCodeKind.Script),
            metadataReferences: [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            isSubmission: true));
        var document = workspace.AddDocument(DocumentInfo.Create(
            DocumentId.CreateNewId(project.Id),
            "cell.csx",
            sourceCodeKind: SourceCodeKind.Script,
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From("int answer = 6 * 7;\nanswer"), VersionStamp.Create()))));
        var compilation = await document.Project.GetCompilationAsync();

        Assert.NotNull(compilation);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Null(CompletionService.GetService(document));
    }

    [Fact]
    public void Installing_never_replaces_a_default_host_the_process_already_has()
    {
        var before = MefHostServices.DefaultHost; // composed now unless a kernel or an earlier test made it
        var installed = HeadlessWorkspaceHost.Install();

        Assert.Same(before, MefHostServices.DefaultHost);
        Assert.Equal(ReferenceEquals(before, HeadlessWorkspaceHost.CSharpOnly), installed);
    }

    [Fact]
    public async Task A_session_runs_cells_whichever_host_the_process_has()
    {
        await using var session = new NotebookSession();
        Assert.NotNull(MefHostServices.DefaultHost);
        var cell = await session.RunCellAsync("var squares = Enumerable.Range(1, 4).Select(i => i * i).ToArray();\nsquares.Sum()");

        Assert.Equal(CellStatus.Ok, cell.Status);
        Assert.Equal(30, session.GetVariable<int[]>("squares").Sum());
    }
}
