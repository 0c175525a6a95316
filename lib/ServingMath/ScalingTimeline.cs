namespace ServingMath;

/// <summary>A replayed day (or hour) of autoscaling: the fleet, the queue and the SLO at each time step, and the totals.</summary>
/// <param name="StepSeconds">The time step, s (the autoscaler's sync period).</param>
/// <param name="ArrivalRate">Requests per second arriving in each step.</param>
/// <param name="Ready">Replicas serving in each step.</param>
/// <param name="Paid">Replicas paid for in each step: serving plus starting (a GPU is billed while its replica loads).</param>
/// <param name="Backlog">Requests waiting at the end of each step.</param>
/// <param name="Requests">Requests that arrived in the replay (fluid: may be fractional).</param>
/// <param name="LateRequests">Requests whose wait before service exceeded the SLO.</param>
/// <param name="GpuHours">GPU-hours paid: Σ paid × step / 3600.</param>
public sealed record ScalingTimeline(double StepSeconds, double[] ArrivalRate, int[] Ready, int[] Paid, double[] Backlog,
    double Requests, double LateRequests, double GpuHours)
{
    /// <summary>The share of requests that waited longer than the SLO: the SLO burned.</summary>
    public double LateFraction => Requests == 0 ? 0 : LateRequests / Requests;

    /// <summary>The most replicas paid for at once.</summary>
    public int PeakReplicas => Paid.Max();

    /// <summary>The time of each step's start, hours from the start of the replay.</summary>
    public double[] Hours => [.. Enumerable.Range(0, Ready.Length).Select(i => i * StepSeconds / 3600)];
}
