using System.Collections.Immutable;
using System.Diagnostics;
using ServingMath;

namespace ServingNotebooks.Exercises;

/// <summary>
/// Which of the library's answer-key members ran while a learner's function was being checked. An exercise part may
/// call the library's building blocks but not the member that <em>is</em> its answer (a part asking for Erlang C may
/// call <see cref="Queueing.Utilization"/>, not <see cref="Queueing.ErlangC"/>); the notebook's check and the grader
/// open a <see cref="Watch"/> around the call to the learner's function and read which members ran inside it.
/// </summary>
/// <remarks>
/// Answer-key members announce themselves when they run, by name ("Queueing.LittlesLaw"), on ServingMath's
/// <see cref="DiagnosticListener"/> named "ServingMath" (events are delivered synchronously on the calling thread, so the
/// watches open on that flow of execution see them), so every way of reaching one
/// is seen: a direct call, <c>using static</c>, a delegate or method group made earlier, a helper that calls it, reflection,
/// tasks and threads it starts, and other library members that call it internally (calling <c>Queueing.Mmc</c> records
/// <c>Queueing.ErlangC</c> too, because Mmc computes it). A learner's code can open watches of its own but cannot close
/// or empty another one. Not seen: work started with the execution context deliberately suppressed
/// (<c>ExecutionContext.SuppressFlow</c>, <c>ThreadPool.UnsafeQueueUserWorkItem</c>), private state changed by
/// reflection, or the library's source copied into the notebook. Outside a watch recording costs one read of an
/// <see cref="AsyncLocal{T}"/>.
/// </remarks>
public static class AnswerKey
{
    // The watches open on this logical flow of execution: the cell or grader call that opened them and whatever it starts
    // (tasks and threads inherit it), but not other threads of the process, such as tests running in parallel.
    private static readonly AsyncLocal<ImmutableList<AnswerKeyWatch>?> Open = new();

    /// <summary>Starts recording the answer-key members that run on this flow of execution, until the returned watch is disposed.</summary>
    /// <returns>The watch; read <see cref="AnswerKeyWatch.Members"/> after the call.</returns>
    /// <example><c>using var watch = AnswerKey.Watch(); var l = Concurrency(5, 3); watch.Used(["Queueing.LittlesLaw"])</c> is empty for a learner who multiplied.</example>
    public static AnswerKeyWatch Watch()
    {
        Listening.Start();
        var watch = new AnswerKeyWatch();
        Open.Value = (Open.Value ?? []).Add(watch);
        return watch;
    }

    /// <summary>Records that an answer-key member ran, in every watch open on this flow of execution.</summary>
    /// <param name="name">The member, "Topic.Member".</param>
    internal static void Record(string name)
    {
        var open = Open.Value;
        if (open is null || open.IsEmpty)
        {
            return;
        }

        foreach (var watch in open)
        {
            watch.Add(name);
        }
    }

    internal static void Close(AnswerKeyWatch watch)
    {
        if (Open.Value is { } open)
        {
            Open.Value = open.Remove(watch);
        }

        watch.Stop();
    }

    /// <summary>The one subscription to ServingMath's listener, made by the first watch and kept for the process's life.</summary>
    private static class Listening
    {
        private static readonly IDisposable Subscription = DiagnosticListener.AllListeners.Subscribe(new Listeners());

        /// <summary>Makes sure the subscription exists (the static field above is set before this returns).</summary>
        internal static void Start() => GC.KeepAlive(Subscription);
    }

    private sealed class Listeners : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "ServingMath")
            {
                // Only while a watch is open on the calling flow does the library build and send the member's name.
                value.Subscribe(this, (_, _, _) => Open.Value is { IsEmpty: false });
            }
        }

        public void OnNext(KeyValuePair<string, object?> value) => Record(value.Key);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
