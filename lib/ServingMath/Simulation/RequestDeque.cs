using System.Runtime.CompilerServices;

namespace ServingMath.Simulation;

/// <summary>A double-ended queue of request indices (a growable ring buffer): arrivals join the back, preempted requests the front.</summary>
internal sealed class RequestDeque
{
    private int[] items = new int[16];
    private int head;

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int PeekFront() => items[head];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int PopFront()
    {
        var value = items[head];
        head = (head + 1) & (items.Length - 1);
        Count--;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PushBack(int value)
    {
        Grow();
        items[(head + Count) & (items.Length - 1)] = value;
        Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PushFront(int value)
    {
        Grow();
        head = (head - 1) & (items.Length - 1);
        items[head] = value;
        Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        if (Count < items.Length)
        {
            return;
        }

        var bigger = new int[items.Length * 2];
        for (var k = 0; k < Count; k++)
        {
            bigger[k] = items[(head + k) & (items.Length - 1)];
        }

        items = bigger;
        head = 0;
    }
}
