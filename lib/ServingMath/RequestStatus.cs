namespace ServingMath;

/// <summary>What happened to a request on the primary serving path.</summary>
public enum RequestStatus
{
    /// <summary>Served by a replica: every output token was generated. JSON Lines: <c>"ok"</c>.</summary>
    Ok,

    /// <summary>Waited in the queue longer than the queue timeout and left without being served. JSON Lines: <c>"timed_out"</c>.</summary>
    TimedOut,

    /// <summary>Refused at arrival (queue full, or the request can never fit the KV cache). JSON Lines: <c>"rejected"</c>.</summary>
    Rejected,
}
