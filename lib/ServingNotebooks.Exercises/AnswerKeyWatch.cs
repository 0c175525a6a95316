using ServingMath;

namespace ServingNotebooks.Exercises;

/// <summary>An open recording of answer-key members (see <see cref="AnswerKey.Watch"/>). Dispose it to stop recording.</summary>
public sealed class AnswerKeyWatch : IDisposable
{
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private bool _stopped;

    internal AnswerKeyWatch()
    {
    }

    /// <summary>The answer-key members that ran while the watch was open, e.g. "Queueing.LittlesLaw", in name order.</summary>
    public IReadOnlyList<string> Members
    {
        get
        {
            lock (_members)
            {
                return [.. _members.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The members of <paramref name="offLimits"/> that ran while the watch was open (empty when none did).</summary>
    /// <param name="offLimits">Member names, "Topic.Member", e.g. "Queueing.LittlesLaw".</param>
    public IReadOnlyList<string> Used(IEnumerable<string> offLimits)
    {
        Guard.NotNull(offLimits, nameof(offLimits));
        var seen = Members;
        return [.. offLimits.Where(m => seen.Contains(m, StringComparer.Ordinal))];
    }

    /// <summary>Stops recording; <see cref="Members"/> keeps what was seen.</summary>
    public void Dispose() => AnswerKey.Close(this);

    internal void Add(string member)
    {
        lock (_members)
        {
            if (!_stopped)
            {
                _members.Add(member);
            }
        }
    }

    internal void Stop()
    {
        lock (_members)
        {
            _stopped = true;
        }
    }
}
