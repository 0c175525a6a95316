using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace ServingNotebooks.Runner;

/// <summary>
/// In-process, an assembly that a notebook references with <c>#r</c> is not loaded from the notebook's path when the
/// host process already has one of the same name (loaded, or in its trusted platform assemblies): the host's copy runs.
/// In Jupyter and VS Code the kernel has no such copy. When the two files are different builds, the notebook compiles
/// against one and runs the other (missing methods, or silently stale code): this check reports it.
/// </summary>
internal sealed class HostAssemblyCheck
{
    private static readonly Lazy<Dictionary<string, string>> TrustedPlatformAssemblies = new(() =>
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            map.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return map;
    });

    private readonly HashSet<Script> _seenScripts = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _seenPaths = new(StringComparer.Ordinal);

    /// <summary>Checks the file references of the submissions run since the last call; returns one message per mismatch.</summary>
    public List<string> CheckNewSubmissions(Script? latest)
    {
        var problems = new List<string>();
        Dictionary<string, System.Reflection.Assembly>? loaded = null;
        for (var script = latest; script is not null && _seenScripts.Add(script); script = script.Previous)
        {
            Compilation compilation;
            try
            {
                compilation = script.GetCompilation();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                continue;
            }

            foreach (var reference in compilation.References.OfType<PortableExecutableReference>())
            {
                if (reference.FilePath is not { } path || !_seenPaths.Add(path) || path.StartsWith(DotnetRoot, StringComparison.Ordinal))
                {
                    continue;
                }

                loaded ??= LoadedAssemblies();
                if (Mismatch(path, loaded) is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        return problems;
    }

    /// <summary>The .NET installation (shared framework, reference packs): the same for the host and the real kernel.</summary>
    private static string DotnetRoot { get; } =
        Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static Dictionary<string, System.Reflection.Assembly> LoadedAssemblies()
    {
        var map = new Dictionary<string, System.Reflection.Assembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && !string.IsNullOrEmpty(assembly.Location) && assembly.GetName().Name is { } name)
            {
                map.TryAdd(name, assembly);
            }
        }

        return map;
    }

    private static string? Mismatch(string referencePath, Dictionary<string, System.Reflection.Assembly> loadedAssemblies)
    {
        var name = Path.GetFileNameWithoutExtension(referencePath);
        var loaded = loadedAssemblies.GetValueOrDefault(name);
        var hostPath = loaded?.Location ?? TrustedPlatformAssemblies.Value.GetValueOrDefault(name);
        if (hostPath is null || string.Equals(Path.GetFullPath(hostPath), Path.GetFullPath(referencePath), StringComparison.Ordinal))
        {
            return null;
        }

        var referenceId = ModuleVersionId(referencePath);
        var hostId = loaded?.ManifestModule.ModuleVersionId ?? ModuleVersionId(hostPath);
        if (referenceId is null || hostId is null || referenceId == hostId)
        {
            return null;
        }

        return $"The notebook references {referencePath}, but this process already has a different build of {name} ({hostPath}), " +
            "and that one runs: rebuild both (dotnet build in the repository root) so that they are the same.";
    }

    private static Guid? ModuleVersionId(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            return reader.GetGuid(reader.GetModuleDefinition().Mvid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
