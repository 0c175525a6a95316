using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;

namespace ServingNotebooks.Runner;

/// <summary>
/// Loads the .NET Interactive extensions that NuGet packages ship in <c>interactive-extensions/dotnet/</c> (SkiaSharp
/// ships one, for example), as the <c>dotnet-interactive</c> tool does after a <c>#r "nuget: …"</c>.
/// </summary>
internal static class KernelExtensions
{
    private static readonly Lock LoadLock = new();

    public static async Task LoadFromPackagesAsync(Kernel kernel, IEnumerable<ResolvedPackageReference> references)
    {
        foreach (var reference in references)
        {
            if (string.IsNullOrEmpty(reference.PackageRoot))
            {
                continue;
            }

            var directory = Path.Combine(reference.PackageRoot, "interactive-extensions", "dotnet");
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var dll in Directory.EnumerateFiles(directory, "*.dll"))
            {
                await LoadAsync(kernel, dll).ConfigureAwait(false);
            }
        }
    }

    private static async Task LoadAsync(Kernel kernel, string dll)
    {
        var context = KernelInvocationContext.Current;
        // Displayed through the formatters, as the real kernel does, so a notebook's setup can quiet it (notebooks/setup.dib does).
        if (context is not null)
        {
            KernelInvocationContextExtensions.Display(context, $"Loading extensions from `{dll}`");
        }

        try
        {
            Assembly assembly;
            lock (LoadLock)
            {
                var name = AssemblyName.GetAssemblyName(dll);
                assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name) && a.GetName().Version == name.Version)
                    ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
            }

            var extensions = assembly.GetExportedTypes()
                .Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null);
            foreach (var type in extensions)
            {
                var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                await extension.OnLoadAsync(kernel).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context?.DisplayAs($"Failed to load kernel extension from {dll}: {e.Message}", "text/plain");
        }
    }
}
