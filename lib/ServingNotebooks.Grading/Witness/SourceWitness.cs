using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>
/// Reads a submitted notebook's C# with Roslyn's semantic model (Microsoft.CodeAnalysis.CSharp, the compiler .NET Interactive
/// runs the notebooks with), in the grader's own process and never in the sandbox: which off-limits members each part's
/// function refers to, and which constructs could hide a call from the answer-key watch or reach the grader's channel.
/// </summary>
/// <remarks>
/// <para>
/// Why a second witness: the answer-key watch runs inside the worker, in the same process as the learner's code, so a
/// notebook can hide a call from it (<c>ExecutionContext.SuppressFlow</c> stops the watch's <c>AsyncLocal</c> from flowing)
/// or take over the worker's result lines and strip what it saw. Code read here cannot do anything: it is parsed and bound,
/// never compiled to something that runs.
/// </para>
/// <para>
/// How a reference is found: the notebook's C# cells are read as one script (magic lines such as <c>#!import</c> and
/// <c>#r</c> are dropped; the usings of <c>setup.dib</c> are added), and from each part's function the witness follows what
/// the function refers to that the notebook itself declares (functions, variables with every value assigned to them, types)
/// — so a helper, a delegate held in a variable or an alias does not hide the member. A string that names an off-limits
/// member in that code counts as a reference (a reflective call). A notebook too deeply nested or too odd to analyse is
/// reported as suspicious, not passed.
/// </para>
/// </remarks>
public static class SourceWitness
{
    /// <summary>The usings <c>setup.dib</c> and .NET Interactive's C# kernel give every notebook.</summary>
    private const string Usings =
        "using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Text; using System.Threading; "
        + "using System.Threading.Tasks; using ServingMath; using static ServingMath.Hints;\n";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Reads one notebook for one exercise.</summary>
    /// <param name="exercise">The exercise the notebook is graded as (its parts' functions and off-limits members).</param>
    /// <param name="notebook">The submitted notebook.</param>
    /// <param name="givenCells">
    /// The sources of the released notebook's code cells: a submitted cell identical to one of them is the instructor's, and is
    /// not searched for suspicious constructs (it is still followed for off-limits references).
    /// </param>
    /// <param name="timeLimit">How long the reading may take before the notebook is reported as too odd to read. Default: 60 s.</param>
    /// <returns>What was found; never throws for a notebook's content.</returns>
    public static SourceFindings Read(Exercise exercise, NotebookDocument notebook, IReadOnlySet<string> givenCells, TimeSpan? timeLimit = null)
    {
        ArgumentNullException.ThrowIfNull(exercise);
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(givenCells);
        SourceFindings? findings = null;
        Exception? failure = null;

        // Roslyn recurses over the syntax tree: a big stack, and a failure is the notebook's, reported rather than thrown.
        var thread = new Thread(
            () =>
            {
                try
                {
                    findings = Analyse(exercise, notebook, givenCells);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            64 * 1024 * 1024)
        { IsBackground = true, Name = "source witness" };
        thread.Start();

        // A notebook crafted to make the compiler slow costs the grader this long at most (the thread is left to finish alone).
        var finished = thread.Join(timeLimit ?? TimeSpan.FromSeconds(60));
        return (finished ? findings : null) ?? new SourceFindings(
            new Dictionary<string, IReadOnlyList<string>>(),
            [$"the grader could not read this notebook's code ({(finished ? failure?.GetType().Name ?? "no result" : "it took too long")}); look at it by hand"]);
    }

    /// <summary>The sources of a notebook's C# code cells, for <see cref="Read"/>'s <c>givenCells</c>.</summary>
    /// <param name="released">The released (student) notebook.</param>
    public static IReadOnlySet<string> CellSources(NotebookDocument released)
    {
        ArgumentNullException.ThrowIfNull(released);
        return released.Cells.Where(c => c.IsCSharp).Select(c => Normalize(c.Source)).ToHashSet(StringComparer.Ordinal);
    }

    private static string Normalize(string source) => source.ReplaceLineEndings("\n").Trim();

    private static SourceFindings Analyse(Exercise exercise, NotebookDocument notebook, IReadOnlySet<string> givenCells)
    {
        // One script, cell after cell; each cell's span is kept to name the cell in a finding.
        var text = new StringBuilder(Usings);
        var spans = new List<(int Start, int End, int Cell, bool Learner)>();
        foreach (var cell in notebook.Cells.Where(c => c.IsCSharp))
        {
            var start = text.Length;
            foreach (var line in cell.Source.ReplaceLineEndings("\n").Split('\n'))
            {
                var trimmed = line.TrimStart();
                text.Append(trimmed.StartsWith("#!", StringComparison.Ordinal) || trimmed.StartsWith("#r ", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal) ? string.Empty : line).Append('\n');
            }

            spans.Add((start, text.Length, cell.Index + 1, !givenCells.Contains(Normalize(cell.Source))));
        }

        var tree = CSharpSyntaxTree.ParseText(text.ToString(), new CSharpParseOptions(LanguageVersion.Preview, kind: SourceCodeKind.Script));
        var compilation = CSharpCompilation.CreateScriptCompilation(
            "submission",
            tree,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var model = compilation.GetSemanticModel(tree, ignoreAccessibility: true);
        var root = tree.GetRoot();
        var graph = new DeclarationGraph(model, root);

        var offLimits = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var part in exercise.Parts.Where(p => p.FunctionName is not null && p.OffLimits.Count > 0))
        {
            var found = graph.OffLimitsReachedFrom(part.FunctionName!, part.OffLimits);
            if (found.Count > 0)
            {
                offLimits[part.Name] = found;
            }
        }

        var suspicious = new List<string>();
        foreach (var (node, what) in Suspicion.Find(model, root))
        {
            var at = node.SpanStart;
            var span = spans.FirstOrDefault(s => at >= s.Start && at < s.End);
            if (span.Learner)
            {
                var line = $"cell {span.Cell}: {what}";
                if (!suspicious.Contains(line, StringComparer.Ordinal))
                {
                    suspicious.Add(line);
                }
            }
        }

        return new SourceFindings(offLimits, suspicious);
    }

    /// <summary>The runtime's own assemblies and the library's: what a notebook's names bind to.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var files = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(f => Path.GetFileName(f).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(f) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(ServingMath.Queueing).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return [.. files.Where(File.Exists).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))];
    }

    /// <summary>The notebook's own declarations, and the values assigned to its variables, to follow from a function.</summary>
    private sealed class DeclarationGraph
    {
        private readonly SemanticModel _model;
        private readonly SyntaxNode _root;
        private readonly Dictionary<ISymbol, List<SyntaxNode>> _assigned = new(SymbolEqualityComparer.Default);

        public DeclarationGraph(SemanticModel model, SyntaxNode root)
        {
            _model = model;
            _root = root;
            foreach (var assignment in root.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (model.GetSymbolInfo(assignment.Left).Symbol is { } target)
                {
                    Add(target, assignment.Right);
                }
            }
        }

        public IReadOnlyList<string> OffLimitsReachedFrom(string function, IReadOnlyList<string> offLimits)
        {
            var starts = _root.DescendantNodes()
                .Where(n => n is MethodDeclarationSyntax m ? m.Identifier.Text == function : n is LocalFunctionStatementSyntax l && l.Identifier.Text == function)
                .ToList();
            var names = offLimits.Select(m => (Full: m, Member: m[(m.LastIndexOf('.') + 1)..])).ToList();
            var found = new List<string>();
            var seen = new HashSet<SyntaxNode>();
            var queue = new Queue<SyntaxNode>(starts);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                if (!seen.Add(node))
                {
                    continue;
                }

                foreach (var inner in node.DescendantNodesAndSelf())
                {
                    if (inner is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
                    {
                        // A member named in a string: a reflective call in the making.
                        found.AddRange(names.Where(n => literal.Token.ValueText.Contains(n.Member, StringComparison.Ordinal)).Select(n => n.Full));
                        continue;
                    }

                    if (inner is not (SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax))
                    {
                        continue;
                    }

                    var info = _model.GetSymbolInfo(inner);
                    foreach (var symbol in info.Symbol is { } s ? [s] : info.CandidateSymbols)
                    {
                        var target = symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol.OriginalDefinition;
                        if (target.ContainingType is { } type && IsLibrary(type))
                        {
                            var full = $"{type.Name}.{target.Name}";
                            if (offLimits.Contains(full, StringComparer.Ordinal))
                            {
                                found.Add(full);
                            }
                        }

                        // A type the notebook declares is followed whole; the script's own class (which holds every top-level
                        // function and variable) is not: only what is referred to counts.
                        foreach (var next in Declarations(target).Concat(target.ContainingType is { IsScriptClass: false } t && InNotebook(t) ? Declarations(t) : []))
                        {
                            queue.Enqueue(next);
                        }
                    }
                }
            }

            return [.. found.Distinct(StringComparer.Ordinal)];
        }

        private static bool IsLibrary(INamedTypeSymbol type) =>
            type.ContainingNamespace?.ToDisplayString() is { } ns && (ns == "ServingMath" || ns.StartsWith("ServingMath.", StringComparison.Ordinal));

        private bool InNotebook(ISymbol symbol) => symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == _root.SyntaxTree);

        private IEnumerable<SyntaxNode> Declarations(ISymbol symbol)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == _root.SyntaxTree))
            {
                var node = reference.GetSyntax();

                // A script's top-level variable is a field: its declarator, with the initializer.
                yield return node;
            }

            if (_assigned.TryGetValue(symbol, out var values))
            {
                foreach (var value in values)
                {
                    yield return value;
                }
            }
        }

        private void Add(ISymbol target, SyntaxNode value)
        {
            if (!_assigned.TryGetValue(target, out var list))
            {
                _assigned[target] = list = [];
            }

            list.Add(value);
        }
    }
}
