namespace ServingMath;

/// <summary>Where the time of a group of requests went: mean share of queue, prefill and decode in e2e.</summary>
/// <param name="Requests">How many requests the group holds.</param>
/// <param name="QueueShare">Mean over the group of queue / e2e. Range: 0 to 1.</param>
/// <param name="PrefillShare">Mean over the group of prefill / e2e. Range: 0 to 1.</param>
/// <param name="DecodeShare">Mean over the group of decode / e2e. Range: 0 to 1.</param>
/// <param name="MeanEndToEndMs">Mean e2e of the group, milliseconds.</param>
public sealed record TimeShares(int Requests, double QueueShare, double PrefillShare, double DecodeShare, double MeanEndToEndMs);
