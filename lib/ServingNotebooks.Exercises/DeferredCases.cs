using System.Collections;

namespace ServingNotebooks.Exercises;

/// <summary>
/// A part's cases whose expected answers are computed the first time the list is read, not when the specs load: for a
/// part whose answer key runs the simulator (seconds), so that loading the specs — which every notebook's check and the
/// grader do — stays instant. The answers are still the library's, computed once per process.
/// </summary>
/// <param name="build">Builds the cases with the library's answers; called once, on first use.</param>
public sealed class DeferredCases(Func<IReadOnlyList<PartCase>> build) : IReadOnlyList<PartCase>
{
    private readonly Lazy<IReadOnlyList<PartCase>> cases = new(build ?? throw new ArgumentNullException(nameof(build)));

    /// <inheritdoc />
    public int Count => cases.Value.Count;

    /// <inheritdoc />
    public PartCase this[int index] => cases.Value[index];

    /// <inheritdoc />
    public IEnumerator<PartCase> GetEnumerator() => cases.Value.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
