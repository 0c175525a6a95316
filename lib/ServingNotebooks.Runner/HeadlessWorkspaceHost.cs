using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Formatting;
using Microsoft.CodeAnalysis.Host.Mef;

namespace ServingNotebooks.Runner;

/// <summary>
/// Gives the process a smaller Roslyn services host (C# workspace services only) before the first C# kernel is made, for
/// a headless run. Every <c>CSharpKernel</c> builds a language-services workspace in its constructor, on Roslyn's default
/// host (<see cref="MefHostServices.DefaultHost"/>), which composes the C# and Visual Basic workspace and IDE-feature
/// assemblies by reflection the first time it is asked for: measured here 0.6–0.9 s of CPU per process, paid twice when
/// two notebooks start at once (both threads compose; one result is kept).
/// </summary>
/// <remarks>
/// <para>
/// A headless run compiles and runs cells; it never asks for completions, hover text or signature help, the only requests
/// that need the IDE-feature assemblies. The workspace itself (kept up to date by the kernel's own
/// <c>SubmitCode</c> and <c>SendValue</c> handlers, and given <c>#r "nuget: …"</c> references) needs only the workspace
/// services, which this host has: with it those handlers run as before, and a completion request fails with an error.
/// Composing it costs about a third of the default host.
/// </para>
/// <para>
/// The default host is a static property with a private setter (Roslyn 5.0, the version the pinned .NET Interactive brings). It is set only while nothing has created it
/// yet; when the setter is not found (another version), nothing is changed.
/// </para>
/// </remarks>
internal static class HeadlessWorkspaceHost
{
    private static readonly MethodInfo? DefaultHostSetter =
        typeof(MefHostServices).GetProperty(nameof(MefHostServices.DefaultHost))?.GetSetMethod(nonPublic: true);

    private static readonly FieldInfo? DefaultHostField =
        typeof(MefHostServices).GetField("<DefaultHost>k__BackingField", BindingFlags.Static | BindingFlags.NonPublic);

    private static readonly Lock Gate = new();

    /// <summary>True when this Roslyn version lets the default host be set.</summary>
    public static bool IsSupported => DefaultHostSetter is not null && DefaultHostField?.FieldType == typeof(MefHostServices);

    /// <summary>
    /// Makes the C#-only host the process's default, unless a default host exists already (something in the process used
    /// Roslyn workspaces first, and keeps what it has). Safe to call from several threads; does the work once.
    /// </summary>
    /// <returns>True when the C#-only host is the default host after the call.</returns>
    public static bool Install()
    {
        if (!IsSupported)
        {
            return false;
        }

        lock (Gate)
        {
            // Once a default host exists (this one, or Roslyn's own) it stays: the check fails on every later call.
            if (DefaultHostField!.GetValue(null) is null)
            {
                CSharpOnly = Create();
                DefaultHostSetter!.Invoke(null, [CSharpOnly]);
            }

            return CSharpOnly is not null && ReferenceEquals(DefaultHostField!.GetValue(null), CSharpOnly);
        }
    }

    /// <summary>A new host composed from Roslyn's workspace services and its C# workspace services, nothing else.</summary>
    internal static MefHostServices Create() =>
        MefHostServices.Create([typeof(Workspace).Assembly, typeof(CSharpFormattingOptions).Assembly]);

    /// <summary>The host <see cref="Install"/> made, or null.</summary>
    internal static MefHostServices? CSharpOnly { get; private set; }
}
