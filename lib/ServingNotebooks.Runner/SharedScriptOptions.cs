using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.CSharp;

namespace ServingNotebooks.Runner;

/// <summary>
/// Lets the fresh C# kernels of one process start from the same Roslyn script options (the same metadata references and
/// the same caching reference resolver) for a given working directory, so that each kernel's first compilation reuses
/// the assembly metadata and symbols that an earlier kernel read, instead of reading and binding the whole .NET runtime's
/// references again (measured: about 0.3 s of CPU per notebook).
/// </summary>
/// <remarks>
/// <para>
/// What is shared is immutable: <see cref="ScriptOptions"/> (references, default imports, language version, resolvers) and
/// the metadata they point at. A kernel's variables, its cells' <c>using</c>s and <c>#r</c>s live in its own
/// <see cref="ScriptState"/>; a <c>#r "nuget: …"</c> makes the kernel derive new options of its own (the shared instance is
/// never changed), so nothing one notebook does reaches another through this cache.
/// </para>
/// <para>
/// .NET Interactive (1.0.0-beta.26120.1) keeps the options in the C# kernel's private fields <c>_scriptOptions</c> and
/// <c>_workingDirectory</c>, and gives each kernel a new resolver (<c>CachingMetadataResolver</c>, internal) for its
/// working directory at its first submission. When those members are not found (another version), nothing is changed and
/// every kernel resolves its references itself, as before.
/// </para>
/// </remarks>
internal static class SharedScriptOptions
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly FieldInfo? OptionsField = typeof(CSharpKernel).GetField("_scriptOptions", Private);
    private static readonly FieldInfo? DirectoryField = typeof(CSharpKernel).GetField("_workingDirectory", Private);
    private static readonly MetadataReferenceResolver? DefaultResolver = FindDefaultResolver();
    private static readonly MethodInfo? WithBaseDirectory = DefaultResolver?.GetType().GetMethod("WithBaseDirectory", [typeof(string)]);
    private static readonly ConcurrentDictionary<string, ScriptOptions> ByDirectory = new(StringComparer.Ordinal);

    /// <summary>True when this .NET Interactive version has the members the sharing needs.</summary>
    public static bool IsSupported =>
        OptionsField?.FieldType == typeof(ScriptOptions)
        && DirectoryField?.FieldType == typeof(string)
        && WithBaseDirectory is not null && DefaultResolver!.GetType().IsAssignableFrom(WithBaseDirectory.ReturnType);

    /// <summary>
    /// Gives <paramref name="kernel"/>, which has run nothing yet, the process's script options for
    /// <paramref name="workingDirectory"/> (the first kernel's own, set up as the kernel would at its first submission).
    /// </summary>
    /// <param name="kernel">A new C# kernel.</param>
    /// <param name="workingDirectory">The folder its cells run in: what <see cref="Directory.GetCurrentDirectory"/> returns then.</param>
    /// <returns>True when the options were set; false when unsupported or the kernel has already run code.</returns>
    public static bool Apply(CSharpKernel kernel, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (!IsSupported || kernel.ScriptState is not null || DirectoryField!.GetValue(kernel) is not null)
        {
            return false;
        }

        var options = ByDirectory.GetOrAdd(workingDirectory, static (directory, own) =>
        {
            // The same two settings CSharpKernel makes when it first sees a working directory.
            var resolver = (MetadataReferenceResolver)WithBaseDirectory!.Invoke(DefaultResolver, [directory])!;
            return own.WithMetadataResolver(resolver).WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, directory));
        }, (ScriptOptions)OptionsField!.GetValue(kernel)!);
        OptionsField.SetValue(kernel, options);
        DirectoryField.SetValue(kernel, workingDirectory);
        return true;
    }

    /// <summary>
    /// The script options <paramref name="kernel"/> compiles its next submission with, after following the process's working
    /// directory as the kernel does before each submission (its <c>#r</c> paths and <c>#load</c> files resolve against it).
    /// Only for kernels where <see cref="IsSupported"/> holds.
    /// </summary>
    /// <param name="kernel">A C# kernel.</param>
    public static ScriptOptions ForCurrentDirectory(CSharpKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var options = (ScriptOptions)OptionsField!.GetValue(kernel)!;
        var directory = Directory.GetCurrentDirectory();
        if (string.Equals(directory, DirectoryField!.GetValue(kernel) as string, StringComparison.Ordinal))
        {
            return options;
        }

        // The kernel's own step: keep its references (a #r "nuget: …" added some) and resolve against the new folder.
        var resolver = (MetadataReferenceResolver)WithBaseDirectory!.Invoke(DefaultResolver, [directory])!;
        options = options.WithMetadataResolver(resolver).WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, directory));
        OptionsField.SetValue(kernel, options);
        DirectoryField.SetValue(kernel, directory);
        return options;
    }

    private static MetadataReferenceResolver? FindDefaultResolver() =>
        typeof(CSharpKernel).Assembly.GetType("Microsoft.DotNet.Interactive.CSharp.CachingMetadataResolver")
            ?.GetProperty("Default", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            ?.GetValue(null) as MetadataReferenceResolver;
}
