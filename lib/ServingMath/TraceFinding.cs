namespace ServingMath;

/// <summary>One record of a trace that breaks the trace's rules, as <see cref="Tracing.Audit(TextReader, string)"/> finds it.</summary>
/// <param name="Record">The record's index among the trace's records (0-based; blank lines do not count).</param>
/// <param name="Line">The line number in the file (from 1, as an editor shows it).</param>
/// <param name="Problem">What is wrong, in words naming the JSON Lines field(s).</param>
public sealed record TraceFinding(int Record, int Line, string Problem);
