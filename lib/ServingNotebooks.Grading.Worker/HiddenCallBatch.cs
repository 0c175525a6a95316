using System.Diagnostics;
using System.Globalization;
using System.Text;
using ServingNotebooks.Runner;

namespace ServingNotebooks.Grading;

/// <summary>
/// Evaluates a notebook's hidden calls (the learner's functions called with the grader's inputs) in the learner's kernel:
/// all of them in one submission, each in its own <c>try</c> and its own answer-key watch, with the same result, per call,
/// as one submission per call.
/// </summary>
/// <remarks>
/// <para>
/// Why one submission: every submission is a Roslyn compilation of 50–150 ms, and a notebook has up to a dozen hidden
/// calls, so one submission per call cost about a second per notebook (a third of grading's time).
/// </para>
/// <para>
/// How it keeps per-call behaviour: a first submission declares the result slots (values, exceptions, answer-key members,
/// progress); the batch writes each call's outcome into its slot and records which call is running and since when. A
/// watchdog here stops the batch when one call runs past the per-call timeout, as that call alone would have been: the
/// calls before it keep their results, that call reports the timeout, the later ones "not run". A batch that does not
/// compile (a learner's function with another signature or missing) is run again one call per submission, so each call
/// gets its own compile error.
/// </para>
/// </remarks>
internal static class HiddenCallBatch
{
    private const string NotRun = "not run: an earlier cell or call timed out";

    /// <summary>Evaluates <paramref name="calls"/>, in order, after the learner's cells. Never throws for learner code.</summary>
    /// <param name="session">The learner's session, after its cells ran.</param>
    /// <param name="calls">C# call expressions, e.g. <c>Concurrency(5d, 3d)</c>.</param>
    /// <param name="callTimeout">How long one call may run (the per-cell timeout).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>One observation per call, in order.</returns>
    public static async Task<IReadOnlyList<ObservedValue>> RunAsync(
        NotebookSession session, IReadOnlyList<string> calls, TimeSpan callTimeout, CancellationToken cancellationToken)
    {
        var observed = new ObservedValue[calls.Count];
        if (calls.Count == 0)
        {
            return observed;
        }

        // Each call runs inside an answer-key watch, so the grader sees which library members it used. A notebook that never
        // loaded the library cannot have used one: its calls run unwatched.
        var declarations = Declarations(calls.Count);
        var watched = !session.IsBroken
            && (await session.RunCellAsync(declarations + "var __grader_watchable = typeof(global::ServingNotebooks.Exercises.AnswerKey);", cancellationToken).ConfigureAwait(false)).Status == CellStatus.Ok;
        var declared = watched
            || (!session.IsBroken && (await session.RunCellAsync(declarations, cancellationToken).ConfigureAwait(false)).Status == CellStatus.Ok);
        var from = 0;
        if (declared && Slots.TryRead(session) is { } slots)
        {
            from = await RunBatchAsync(session, calls, watched, slots, callTimeout, observed, cancellationToken).ConfigureAwait(false);
        }

        await RunOneByOneAsync(session, calls, from, watched, observed, cancellationToken).ConfigureAwait(false);
        return observed;
    }

    /// <summary>Runs the batch; returns the index of the first call it left unobserved (to be run one by one).</summary>
    private static async Task<int> RunBatchAsync(
        NotebookSession session, IReadOnlyList<string> calls, bool watched, Slots slots, TimeSpan callTimeout, ObservedValue[] observed, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var finished = new CancellationTokenSource();
        var overrun = -1;
        var watchdog = Task.Run(
            async () =>
            {
                while (!finished.IsCancellationRequested)
                {
                    if (slots.Running(callTimeout) is int running)
                    {
                        overrun = running;
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(50), finished.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            },
            CancellationToken.None);

        // The batch's own limit only backs the watchdog up (a compilation that never ends): each call has its own.
        var backstop = callTimeout * (calls.Count + 1);
        var result = await session.RunCellAsync(BatchCode(calls, watched), backstop, stop.Token).ConfigureAwait(false);
        await finished.CancelAsync().ConfigureAwait(false);
        await watchdog.ConfigureAwait(false);

        // Calls before `done` have their outcome in the slots; a call still running on a runaway thread never counts.
        var done = slots.Done;
        for (var i = 0; i < done; i++)
        {
            observed[i] = slots.Read(i, watched);
        }

        if (result.Status == CellStatus.Ok || !session.IsBroken)
        {
            // Done, or the batch did not compile (nothing ran): the rest, if any, one by one.
            return done;
        }

        if (done >= calls.Count)
        {
            return done;
        }

        // The watchdog stopped the call at `done` (a runaway thread may have finished it since: it still timed out).
        var why = overrun >= 0 && !cancellationToken.IsCancellationRequested
            ? NotebookSession.TimeoutMessage(callTimeout)
            : OneLine(result.FailureSummary ?? result.Status.ToString());
        observed[done] = ObservedValue.Undefined(why);
        for (var i = done + 1; i < calls.Count; i++)
        {
            observed[i] = ObservedValue.Undefined(NotRun);
        }

        return calls.Count;
    }

    /// <summary>One submission per call: for the calls a batch could not run (it did not compile).</summary>
    private static async Task RunOneByOneAsync(NotebookSession session, IReadOnlyList<string> calls, int from, bool watched, ObservedValue[] observed, CancellationToken cancellationToken)
    {
        for (var i = from; i < calls.Count; i++)
        {
            if (session.IsBroken)
            {
                observed[i] = ObservedValue.Undefined(NotRun);
                continue;
            }

            var code = watched
                ? "object? __grader_hidden; var __grader_watch = global::ServingNotebooks.Exercises.AnswerKey.Watch();\n"
                  + $"try {{ __grader_hidden = (object?)({calls[i]}); }} finally {{ __grader_watch.Dispose(); }}\n"
                  + "var __grader_used = __grader_watch.Members;"
                : $"var __grader_hidden = (object?)({calls[i]});";
            var result = await session.RunCellAsync(code, cancellationToken).ConfigureAwait(false);
            observed[i] = result.Status == CellStatus.Ok
                ? GradeWorker.Read(session, "__grader_hidden") with { AnswerKeyUsed = watched ? ReadUsed(session) : null }
                : ObservedValue.Undefined(OneLine(result.FailureSummary ?? result.Status.ToString()));
        }
    }

    /// <summary>The submission that declares the slots for <paramref name="count"/> calls.</summary>
    private static string Declarations(int count) =>
        $"var __grader_values = new object?[{count}];\n"
        + $"var __grader_failures = new global::System.Exception?[{count}];\n"
        + $"var __grader_used = new global::System.Collections.Generic.IReadOnlyList<string>?[{count}];\n"
        + "var __grader_progress = new long[] { -1, 0, 0 };\n";

    /// <summary>
    /// The batch: for each call, record it as running (start time, then index), run it in a <c>try</c> (and a watch),
    /// keep its value or exception, then count it done.
    /// </summary>
    private static string BatchCode(IReadOnlyList<string> calls, bool watched)
    {
        var code = new StringBuilder();
        for (var i = 0; i < calls.Count; i++)
        {
            var at = i.ToString(CultureInfo.InvariantCulture);
            code.Append('{').Append('\n');
            code.Append("global::System.Threading.Volatile.Write(ref __grader_progress[1], global::System.Diagnostics.Stopwatch.GetTimestamp());\n");
            code.Append("global::System.Threading.Volatile.Write(ref __grader_progress[0], ").Append(at).Append(");\n");
            code.Append(watched ? "var __grader_watch = global::ServingNotebooks.Exercises.AnswerKey.Watch();\n" : string.Empty);
            code.Append("try { __grader_values[").Append(at).Append("] = (object?)(").Append(calls[i]).Append("); }\n");
            code.Append("catch (global::System.Exception __grader_e) { __grader_failures[").Append(at).Append("] = __grader_e; }\n");
            if (watched)
            {
                code.Append("finally { __grader_watch.Dispose(); __grader_used[").Append(at).Append("] = __grader_watch.Members; }\n");
            }

            code.Append("global::System.Threading.Volatile.Write(ref __grader_progress[2], ").Append(i + 1).Append(");\n");
            code.Append('}').Append('\n');
        }

        return code.ToString();
    }

    /// <summary>The answer-key members the last watched call used (empty when they cannot be read).</summary>
    private static IReadOnlyList<string> ReadUsed(NotebookSession session)
    {
        try
        {
            return session.TryGetVariable<IReadOnlyList<string>>("__grader_used", out var used) && used is not null ? [.. used] : [];
        }
        catch (Exception e) when (e is InvalidCastException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string OneLine(string text) => GradeWorker.OneLine(text);

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>The result slots, read from the session once declared: the batch writes into these same arrays.</summary>
    private sealed record Slots(object?[] Values, Exception?[] Failures, IReadOnlyList<string>?[] Used, long[] Progress)
    {
        /// <summary>How many calls have finished (their slots are final).</summary>
        public int Done => (int)Volatile.Read(ref Progress[2]);

        public static Slots? TryRead(NotebookSession session) =>
            session.TryGetVariable<object?[]>("__grader_values", out var values)
            && session.TryGetVariable<Exception?[]>("__grader_failures", out var failures)
            && session.TryGetVariable<IReadOnlyList<string>?[]>("__grader_used", out var used)
            && session.TryGetVariable<long[]>("__grader_progress", out var progress)
            && progress.Length == 3
                ? new Slots(values, failures, used, progress)
                : null;

        /// <summary>The index of a call that has been running longer than <paramref name="limit"/>, or null.</summary>
        public int? Running(TimeSpan limit)
        {
            var index = Volatile.Read(ref Progress[0]);
            var started = Volatile.Read(ref Progress[1]);
            return index >= 0 && Done <= index && Stopwatch.GetElapsedTime(started) > limit ? (int)index : null;
        }

        /// <summary>The outcome of a finished call, as one submission per call would report it.</summary>
        public ObservedValue Read(int index, bool watched)
        {
            try
            {
                if (Failures[index] is { } failure)
                {
                    return ObservedValue.Undefined(OneLine($"{failure.GetType().Name}: {FirstLine(failure.Message)}"));
                }

                return ObservedValue.From(Values[index]) with { AnswerKeyUsed = watched ? [.. Used[index] ?? []] : null };
            }
            catch (Exception e)
            {
                // Learner code runs while reading (an enumerator, an exception's Message): it cannot make the worker fail.
                return ObservedValue.Undefined($"reading the result failed ({e.GetType().Name}: {OneLine(e.Message)})");
            }
        }
    }
}
