using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.CSharp;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Tests.Runner;

/// <summary>
/// Kernels in one process start from shared script options (see <c>SharedScriptOptions</c>): faster first compilations,
/// and still nothing of one notebook reaches the next.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class SharedScriptOptionsTests
{
    [Fact]
    public async Task The_pinned_NET_Interactive_has_the_members_the_sharing_sets_and_only_a_fresh_kernel_takes_them()
    {
        Assert.True(SharedScriptOptions.IsSupported, "CSharpKernel's _scriptOptions/_workingDirectory or CachingMetadataResolver changed: every kernel now binds the runtime's references itself (slower).");

        var folder = Fixture.TempFolder();
        try
        {
            using var fresh = new CSharpKernel();
            Assert.True(SharedScriptOptions.Apply(fresh, folder));
            Assert.False(SharedScriptOptions.Apply(fresh, folder)); // already has its working directory

            await using var used = new NotebookSession();
            Assert.Equal(CellStatus.Ok, (await used.RunCellAsync("var x = 1;")).Status);
            Assert.False(SharedScriptOptions.Apply(((Microsoft.DotNet.Interactive.CompositeKernel)used.Kernel).ChildKernels.OfType<CSharpKernel>().Single(), folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sessions_in_the_same_folder_share_no_variables_usings_or_references()
    {
        var root = Fixture.TempFolder();
        try
        {
            var name = "SharedFixture" + Guid.NewGuid().ToString("N")[..6];
            var compilation = CSharpCompilation.Create(
                name,
                [CSharpSyntaxTree.ParseText($"namespace {name}; public static class Helper {{ public static int Answer => 42; }}")],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.True(compilation.Emit(Path.Combine(root, name + ".dll")).Success);

            await using (var first = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = root }))
            {
                var cell = await first.RunCellAsync($"#r \"{name}.dll\"\nusing {name};\nusing System.Text.RegularExpressions;\nvar leftover = Helper.Answer;");
                Assert.Equal(CellStatus.Ok, cell.Status);
                Assert.Equal(42, first.GetVariable<int>("leftover"));
            }

            await using var second = new NotebookSession(new NotebookSessionOptions { WorkingDirectory = root });
            Assert.Equal(CellStatus.Error, (await second.RunCellAsync("leftover")).Status);
            Assert.Equal(CellStatus.Error, (await second.RunCellAsync("Regex.IsMatch(\"a\", \"a\")")).Status);
            var reference = await second.RunCellAsync($"{name}.Helper.Answer");
            Assert.Equal(CellStatus.Error, reference.Status);
            Assert.Contains("CS0103", reference.ErrorMessage, StringComparison.Ordinal);

            // The same #r still works in the new session, relative to its folder.
            Assert.Equal(CellStatus.Ok, (await second.RunCellAsync($"#r \"{name}.dll\"\nvar again = {name}.Helper.Answer;")).Status);
            Assert.Equal(42, second.GetVariable<int>("again"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
