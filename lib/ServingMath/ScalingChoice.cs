namespace ServingMath;

/// <summary>The autoscaler <see cref="ScalingReplay.Cheapest"/> picked, and its replay.</summary>
/// <param name="Policy">The cheapest policy that kept the SLO burn within the budget.</param>
/// <param name="Timeline">Its replay.</param>
public sealed record ScalingChoice(ScalingPolicy Policy, ScalingTimeline Timeline);
