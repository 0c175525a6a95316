using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>
/// The priority of a simulator event: its time, then the order in which it was scheduled, so that events at one instant
/// run first in, first out (a timeout scheduled before a step ends fires before it, whatever the heap's internal order).
/// </summary>
/// <param name="Seconds">Simulated time, seconds.</param>
/// <param name="Sequence">How many events were scheduled before this one.</param>
internal readonly record struct EventTime(double Seconds, long Sequence) : IComparable<EventTime>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CompareTo(EventTime other)
    {
        var byTime = Seconds.CompareTo(other.Seconds);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }
}
