using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.App;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Jupyter;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace ServingNotebooks.Runner;

/// <summary>
/// Builds the kernel a <see cref="NotebookSession"/> runs cells in, composed as the pinned <c>dotnet-interactive jupyter</c>
/// tool (1.0.712001, <c>.config/dotnet-tools.json</c>) composes the kernel learners run in Jupyter and VS Code, so that
/// every magic command they can use runs here too.
/// </summary>
/// <remarks>
/// <para>
/// The tool's <c>KernelBuilder.CreateKernel</c> builds a <c>.NET</c> composite kernel with a C# kernel
/// (<c>UseNugetDirective</c>, <c>UseKernelHelpers</c>, <c>UseWho</c>, <c>UseValueSharing</c>), the <c>html</c> and
/// <c>value</c> kernels, and on the composite <c>UseDefaultMagicCommands</c> (<c>#!lsmagic</c>, <c>#!markdown</c>,
/// <c>#!time</c>), <c>UseAboutMagicCommand</c> (<c>#!about</c>) and <c>UseImportMagicCommand</c> (<c>#!import</c>); in
/// Jupyter it adds the <c>javascript</c> kernel (alias <c>js</c>). The same calls are made here, from the tool's own
/// assemblies. The C# kernel's <c>#!who</c>, <c>#!whos</c>, <c>#!set</c> and <c>#!share</c>, the value kernel's
/// <c>#!value</c> and the kernel selectors (<c>#!csharp</c>, <c>#!c#</c>, <c>#!html</c>, <c>#!javascript</c>) come with them.
/// </para>
/// <para>
/// Left out, on purpose: the F#, PowerShell, Mermaid and HTTP kernels (a cell in those languages is skipped, see
/// <see cref="NotebookSession.RunCellAsync(NotebookCell, CancellationToken)"/>), <c>#!connect</c> (it reaches other processes
/// and the network), and the secret manager and input forms (<c>@input</c>, <c>@password</c>, <c>input()</c>: they need a
/// person at the notebook). Four things differ from the tool: a failing cell of an <c>#!import</c>-ed file is an error of
/// the importing cell (the tool drops it silently), NuGet packages' kernel extensions load through
/// <see cref="KernelExtensions"/>, C# cells run through <see cref="HeadlessSubmitCode"/> (the kernel's steps for an
/// editor, warnings and the language-services workspace, left out), and the process's Roslyn services host has the C#
/// workspace services only (<see cref="HeadlessWorkspaceHost"/>: no completions).
/// </para>
/// </remarks>
internal static class NotebookKernel
{
    /// <summary>A new composite kernel and its C# kernel (the default one).</summary>
    /// <param name="forEditor">
    /// False (the runner, the grader): C# cells run through <see cref="HeadlessSubmitCode"/> on the C#-only services host.
    /// True (the learner's Jupyter kernel, <c>servingnotebooks-kernel</c>): the C# kernel's own handler and Roslyn's default
    /// host, so completions and hover work as in the tool.
    /// </param>
    public static (CompositeKernel Root, CSharpKernel CSharp) Create(bool forEditor = false)
    {
        if (!forEditor)
        {
            HeadlessWorkspaceHost.Install();
        }

        CompositeKernel? root = null;
        var csharp = new CSharpKernel()
            .UseNugetDirective(
                async (kernel, references) =>
                {
                    kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                    await KernelExtensions.LoadFromPackagesAsync(root ?? (Kernel)kernel, references).ConfigureAwait(false);
                },
                forceRestore: false)
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        root = new CompositeKernel(".NET");
        root.Add(csharp, ["c#", "C#"]);
        root.Add(new HtmlKernel());
        root.Add(new KeyValueStoreKernel().UseWho());
        root.Add(new JavaScriptKernel(), ["js"]);
        root.DefaultKernelName = csharp.Name;
        root.UseDefaultMagicCommands()
            .UseAboutMagicCommand()
            .UseImportMagicCommand();
        root.RegisterCommandHandler<ImportDocument>((command, context) => ImportAsync(root, command, context));
        if (!forEditor)
        {
            HeadlessSubmitCode.Install(csharp);
        }

        return (root, csharp);
    }

    /// <summary>
    /// Runs an <c>#!import</c>-ed file's cells as the <c>dotnet-interactive</c> tool does (each as its own submission, in
    /// order, carrying on after a failure), but reports a failing imported cell as an error of the importing cell: the
    /// tool drops those failures silently.
    /// </summary>
    private static async Task ImportAsync(CompositeKernel root, ImportDocument command, KernelInvocationContext context)
    {
        var kernelInfos = new KernelInfoCollection();
        foreach (var child in root.ChildKernels)
        {
            kernelInfos.Add(new Microsoft.DotNet.Interactive.Documents.KernelInfo(child.Name, child.KernelInfo.LanguageName, child.KernelInfo.Aliases));
        }

        kernelInfos.Add(new Microsoft.DotNet.Interactive.Documents.KernelInfo("markdown", "Markdown", []));
        kernelInfos.DefaultKernelName = root.DefaultKernelName;
        var file = new FileInfo(command.FilePath);
        var document = await InteractiveDocument.LoadAsync(file, kernelInfos).ConfigureAwait(false);
        var number = 0;
        foreach (var element in document.Elements)
        {
            number++;
            if (element.KernelName == "markdown")
            {
                await root.SendAsync(new DisplayValue(new FormattedValue("text/markdown", element.Contents)), CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var result = await root.SendAsync(new SubmitCode(element.Contents, element.KernelName), CancellationToken.None).ConfigureAwait(false);
            foreach (var failed in result.Events.OfType<CommandFailed>().Take(1))
            {
                var message = $"{file.Name} cell {number}: {failed.Message}";
                context.Publish(new ErrorProduced(message, command, [new FormattedValue("text/plain", message)]));
            }
        }
    }
}
