using System.Reflection;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace ServingNotebooks.Runner;

/// <summary>
/// Runs a C# cell as the C# kernel does (compile the submission, run it, publish the same events: the diagnostics, then the
/// failure or the return value), minus two steps that serve an editor, not a headless run: after every cell the kernel
/// binds the whole submission a second time to list its warnings, and adds the submission to its language-services
/// workspace (completions, hover). Measured on the workbook: about a fifth of the CPU time of <c>servingbook run</c>.
/// </summary>
/// <remarks>
/// <para>
/// What a cell prints, shows, returns or throws is unchanged, and so are compile errors (their diagnostics are the ones the
/// compiler stopped on, as in the kernel). Warnings of a cell that compiles are not listed: the runner does not show them,
/// and Jupyter shows none either. Completions, hover and signature help of a headless session see only what the workspace
/// knew when it was created.
/// </para>
/// <para>
/// The kernel's submission state is a property with a private setter, and its parse options and script options are private
/// fields (.NET Interactive 1.0.0-beta.26120.1; see <see cref="SharedScriptOptions"/>). When those members are not found
/// (another version), nothing is installed and the kernel's own handler runs.
/// </para>
/// </remarks>
internal static class HeadlessSubmitCode
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly MethodInfo? ScriptStateSetter = typeof(CSharpKernel).GetProperty(nameof(CSharpKernel.ScriptState))?.GetSetMethod(nonPublic: true);
    private static readonly FieldInfo? ParseOptionsField = typeof(CSharpKernel).GetField("_csharpParseOptions", Private);
    private static readonly MethodInfo? HasReturnValueMethod = typeof(Script).GetMethod("HasReturnValue", Private, Type.EmptyTypes);

    /// <summary>True when this .NET Interactive version has the members the handler needs.</summary>
    public static bool IsSupported =>
        ScriptStateSetter is not null
        && ParseOptionsField?.FieldType == typeof(CSharpParseOptions)
        && HasReturnValueMethod?.ReturnType == typeof(bool)
        && SharedScriptOptions.IsSupported;

    /// <summary>Makes <paramref name="kernel"/> run its <see cref="SubmitCode"/> commands with this handler.</summary>
    /// <returns>True when installed; false when this .NET Interactive version is not supported.</returns>
    public static bool Install(CSharpKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (!IsSupported)
        {
            return false;
        }

        kernel.RegisterCommandHandler<SubmitCode>((command, context) => HandleAsync(kernel, command, context));
        return true;
    }

    private static async Task HandleAsync(CSharpKernel kernel, SubmitCode submitCode, KernelInvocationContext context)
    {
        context.Publish(new CodeSubmissionReceived(submitCode));
        var code = submitCode.Code;
        var parseOptions = (CSharpParseOptions)ParseOptionsField!.GetValue(kernel)!;
        context.Publish(SyntaxFactory.IsCompleteSubmission(SyntaxFactory.ParseSyntaxTree(code, parseOptions))
            ? new CompleteCodeSubmissionReceived(submitCode)
            : new IncompleteCodeSubmissionReceived(submitCode));

        var cancellationToken = context.CancellationToken;
        Exception? exception = null;
        if (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var options = SharedScriptOptions.ForCurrentDirectory(kernel);
                var previous = kernel.ScriptState;
                var state = previous is null
                    ? await CSharpScript.RunAsync(code, options, globals: null, globalsType: null, cancellationToken).ConfigureAwait(false)
                    : await previous.ContinueWithAsync(code, options, e =>
                    {
                        exception = e;
                        return true;
                    }, cancellationToken).ConfigureAwait(false);
                if (state is not null)
                {
                    ScriptStateSetter!.Invoke(kernel, [state]);
                }
            }
            catch (CompilationErrorException e)
            {
                exception = new CodeSubmissionCompilationErrorException(e);
            }
            catch (Exception e)
            {
                exception = e;
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            context.Fail(submitCode, null, "Command cancelled");
            return;
        }

        var diagnostics = exception is CodeSubmissionCompilationErrorException { InnerException: CompilationErrorException compile }
            ? compile.Diagnostics
            : [];
        context.Publish(new DiagnosticsProduced(
            [.. diagnostics.Select(Microsoft.DotNet.Interactive.Diagnostic.FromCodeAnalysisDiagnostic)],
            [.. diagnostics.Select(d => new FormattedValue("text/plain", d.ToString()))],
            submitCode));
        if (exception is not null)
        {
            var message = diagnostics.IsEmpty ? null : string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
            context.Fail(submitCode, exception, message);
        }
        else if (kernel.ScriptState is { } current && (bool)HasReturnValueMethod!.Invoke(current.Script, null)!)
        {
            var value = current.ReturnValue;
            IReadOnlyList<FormattedValue> formatted = value switch
            {
                FormattedValue one => [one],
                IEnumerable<FormattedValue> many => [.. many],
                _ => FormattedValue.CreateManyFromObject(value),
            };
            context.Publish(new ReturnValueProduced(value, submitCode, [.. formatted]));
        }
    }
}
