using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ServingMath;

/// <summary>
/// Which of the library's answer-key members ran while a learner's function was being checked. An exercise part may
/// call the library's building blocks but not the member that <em>is</em> its answer (a part asking for Erlang C may
/// call <see cref="Queueing.Utilization"/>, not <see cref="Queueing.ErlangC"/>); the notebook's check and the grader
/// open a <see cref="Watch"/> around the call to the learner's function and read which members ran inside it.
/// </summary>
/// <remarks>
/// Answer-key members record themselves when they run, by name ("Queueing.LittlesLaw"), so every way of reaching one
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
        var watch = new AnswerKeyWatch();
        Open.Value = (Open.Value ?? []).Add(watch);
        return watch;
    }

    /// <summary>Records that an answer-key member ran: called first thing by each such member.</summary>
    /// <param name="topic">The member's class, e.g. <c>typeof(Queueing)</c>.</param>
    /// <param name="member">The member's name; filled in by the compiler.</param>
    internal static void Record(Type topic, [CallerMemberName] string member = "")
    {
        var open = Open.Value;
        if (open is null || open.IsEmpty)
        {
            return;
        }

        var name = $"{topic.Name}.{member}";
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
}
