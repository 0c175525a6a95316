using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ServingMath;

/// <summary>
/// Announces, through a <see cref="DiagnosticListener"/> named <see cref="ListenerName"/>, that one of the library's
/// answer-computing members ran: the event's name is the member, "Topic.Member" (e.g. "Queueing.LittlesLaw"). The
/// exercises library (<c>ServingNotebooks.Exercises</c>, <c>AnswerKey.Watch</c>) listens to tell which members a learner's
/// function used; the math itself neither knows nor cares who listens.
/// </summary>
/// <remarks>
/// <see cref="DiagnosticListener"/> is .NET's in-process instrumentation channel (System.Diagnostics.DiagnosticSource): with no
/// subscriber, announcing costs one <see cref="DiagnosticListener.IsEnabled()"/> read. Events are delivered synchronously on
/// the calling thread, so a listener can tell which logical flow of execution made the call.
/// </remarks>
internal static class LibraryCalls
{
    /// <summary>The listener's name, as <see cref="DiagnosticListener.AllListeners"/> shows it.</summary>
    internal const string ListenerName = "ServingMath";

    /// <summary>The name asked of a subscriber's <see cref="DiagnosticListener.IsEnabled(string, object?, object?)"/> before a call is announced (the topic and member are the two arguments).</summary>
    internal const string CallEvent = "Call";

    private static readonly DiagnosticListener Listener = new(ListenerName);

    /// <summary>Announces that a member ran: called first thing by each answer-computing member.</summary>
    /// <param name="topic">The member's class, e.g. <c>typeof(Queueing)</c>.</param>
    /// <param name="member">The member's name; filled in by the compiler.</param>
    internal static void Record(Type topic, [CallerMemberName] string member = "")
    {
        // The three-argument check lets a subscriber say no before the name is built (no allocation in the common case).
        if (Listener.IsEnabled() && Listener.IsEnabled(CallEvent, topic, member))
        {
            Listener.Write($"{topic.Name}.{member}", null);
        }
    }
}
