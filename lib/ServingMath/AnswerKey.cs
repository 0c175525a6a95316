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
/// and other library members that call it internally (a watch on <c>Queueing.ErlangC</c> also sees <c>Queueing.Mmc</c>,
/// which computes it). A learner's code can open watches of its own but cannot close or empty another one. Outside a
/// watch recording costs one volatile read.
/// </remarks>
public static class AnswerKey
{
    private static readonly Lock Gate = new();
    private static readonly List<AnswerKeyWatch> Open = [];
    private static int _openCount;

    /// <summary>Starts recording the answer-key members that run, until the returned watch is disposed.</summary>
    /// <returns>The watch; read <see cref="AnswerKeyWatch.Members"/> after the call.</returns>
    /// <example><c>using var watch = AnswerKey.Watch(); var l = Concurrency(5, 3); watch.Used("Queueing.LittlesLaw")</c> is false for a learner who multiplied.</example>
    public static AnswerKeyWatch Watch()
    {
        var watch = new AnswerKeyWatch();
        lock (Gate)
        {
            Open.Add(watch);
            Volatile.Write(ref _openCount, Open.Count);
        }

        return watch;
    }

    /// <summary>Records that an answer-key member ran: called first thing by each such member.</summary>
    /// <param name="topic">The member's class, e.g. <c>typeof(Queueing)</c>.</param>
    /// <param name="member">The member's name; filled in by the compiler.</param>
    internal static void Record(Type topic, [CallerMemberName] string member = "")
    {
        if (Volatile.Read(ref _openCount) == 0)
        {
            return;
        }

        var name = $"{topic.Name}.{member}";
        lock (Gate)
        {
            foreach (var watch in Open)
            {
                watch.Add(name);
            }
        }
    }

    internal static void Close(AnswerKeyWatch watch)
    {
        lock (Gate)
        {
            Open.Remove(watch);
            Volatile.Write(ref _openCount, Open.Count);
        }
    }
}
