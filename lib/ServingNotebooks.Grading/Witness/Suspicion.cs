using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ServingNotebooks.Grading;

/// <summary>
/// The constructs <see cref="SourceWitness"/> reports as suspicious: what can hide a call from the answer-key watch (reflection,
/// <c>ExecutionContext.SuppressFlow</c>, the thread pool's <c>Unsafe…</c> calls, which do not flow the watch's
/// <c>AsyncLocal</c>), what runs outside .NET's checks (native interop: <c>DllImport</c>, <c>LibraryImport</c>, function
/// pointers, <c>Marshal</c>, <c>NativeLibrary</c>, <c>NativeMemory</c>, <c>unsafe</c> code), and what reaches the worker's
/// channel (<c>Console.OpenStandardOutput/Input/Error</c>, the process's files under <c>/proc</c>).
/// </summary>
internal static class Suspicion
{
    private static readonly HashSet<string> ReflectiveTypeMembers = new(StringComparer.Ordinal)
    {
        "GetMethod", "GetMethods", "GetField", "GetFields", "GetProperty", "GetProperties", "GetMember", "GetMembers",
        "InvokeMember", "GetType", "GetNestedType", "GetNestedTypes", "GetConstructor", "GetConstructors", "GetRuntimeMethods",
    };

    /// <summary>Each suspicious node with what it is, in words for the instructor.</summary>
    /// <param name="model">The script's semantic model.</param>
    /// <param name="root">The script's root.</param>
    public static IEnumerable<(SyntaxNode Node, string What)> Find(SemanticModel model, SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case FunctionPointerTypeSyntax:
                    yield return (node, "a function pointer (native interop)");
                    continue;
                case PointerTypeSyntax:
                    yield return (node, "a pointer type (unsafe code)");
                    continue;
                case UnsafeStatementSyntax:
                    yield return (node, "an unsafe block");
                    continue;
                case AttributeSyntax attribute when attribute.Name.ToString() is { } name
                    && (name.EndsWith("DllImport", StringComparison.Ordinal) || name.EndsWith("DllImportAttribute", StringComparison.Ordinal)
                        || name.EndsWith("LibraryImport", StringComparison.Ordinal) || name.EndsWith("LibraryImportAttribute", StringComparison.Ordinal)):
                    yield return (node, $"[{name}] (native interop)");
                    continue;
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
                    when literal.Token.ValueText.Contains("/proc/", StringComparison.Ordinal) || literal.Token.ValueText.StartsWith("/proc", StringComparison.Ordinal):
                    yield return (node, $"the path \"{Short(literal.Token.ValueText)}\" (the grading process's own files)");
                    continue;
                case SimpleNameSyntax name when !IsPartOfLargerName(name):
                    if (Describe(model.GetSymbolInfo(name)) is { } what)
                    {
                        yield return (node, what);
                    }

                    continue;
                default:
                    continue;
            }
        }
    }

    private static bool IsPartOfLargerName(SimpleNameSyntax name) =>
        name.Parent is QualifiedNameSyntax qualified && qualified.Left == name;

    private static string? Describe(SymbolInfo info)
    {
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is null or INamespaceSymbol)
        {
            return null;
        }

        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (type is null)
        {
            return null;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        var full = symbol is INamedTypeSymbol ? type.ToDisplayString() : $"{type.ToDisplayString()}.{symbol.Name}";
        return (ns, type.Name, symbol.Name) switch
        {
            _ when ns == "System.Reflection" || ns.StartsWith("System.Reflection.", StringComparison.Ordinal) => $"{full} (reflection)",
            ("System", "Type", var member) when ReflectiveTypeMembers.Contains(member) => $"{full} (reflection)",
            ("System", "Activator", _) or ("System", "AppDomain", "GetAssemblies") => $"{full} (reflection)",
            ("System", "Delegate", "CreateDelegate") => $"{full} (reflection)",
            ("System.Threading", "ExecutionContext", "SuppressFlow" or "Capture" or "Run" or "RestoreFlow") => $"{full} (hides calls from the answer-key watch)",
            ("System.Threading", "ThreadPool", var member) when member.StartsWith("Unsafe", StringComparison.Ordinal) => $"{full} (hides calls from the answer-key watch)",
            ("System.Threading", "Timer" or "CancellationToken" or "Task" or "ThreadPoolBoundHandle", var member) when member.StartsWith("Unsafe", StringComparison.Ordinal) => $"{full} (hides calls from the answer-key watch)",
            ("System.Runtime.InteropServices", "Marshal" or "NativeLibrary" or "NativeMemory" or "GCHandle" or "MemoryMarshal", _) => $"{full} (native interop)",
            ("System.Runtime.CompilerServices", "Unsafe", _) => $"{full} (unsafe code)",
            ("System", "Console", "OpenStandardOutput" or "OpenStandardInput" or "OpenStandardError") => $"{full} (the grading worker's channel)",
            ("System.Diagnostics", "Process", _) => $"{full} (other processes)",
            _ => null,
        };
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "…";
}
