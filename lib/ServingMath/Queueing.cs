namespace ServingMath;

/// <summary>
/// Queueing theory for a serving fleet: Little's law, utilization, Erlang B and C, M/M/1, M/M/c,
/// M/G/1 (Pollaczek–Khinchine) and square-root staffing.
/// </summary>
/// <remarks>
/// Rates are per unit of time and times are in the matching unit: with rates per second, times come
/// out in seconds. A "server" is whatever serves one request at a time — a GPU replica, a batch slot.
/// </remarks>
public static class Queueing
{
    /// <summary>
    /// Little's law: the mean number of requests in the system, L = λ · W.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="timeInSystem">The mean time a request spends in the system (W), seconds. Range: W ≥ 0.</param>
    /// <returns>The mean number of requests in flight (L), a count (dimensionless).</returns>
    /// <example><c>Queueing.LittlesLaw(arrivalRate: 12, timeInSystem: 2.0)</c> is 24 requests in flight.</example>
    public static double LittlesLaw(double arrivalRate, double timeInSystem)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.NonNegative(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.NonNegative(timeInSystem, nameof(timeInSystem), "seconds in the system");
        return arrivalRate * timeInSystem;
    }

    /// <summary>
    /// Little's law read the other way: the largest mean arrival rate a fixed number of slots can carry when each request
    /// stays W, λ = L / W. Above it the slots are all taken on average and requests queue (W grows).
    /// </summary>
    /// <param name="slots">The requests the server can hold at once (L), e.g. vLLM's <c>max_num_seqs</c>. Range: L ≥ 1.</param>
    /// <param name="timeInSystem">The mean time a request holds a slot (W), seconds. Range: W &gt; 0.</param>
    /// <returns>The arrival rate (λ), requests per second.</returns>
    /// <example><c>Queueing.MaxArrivalRate(slots: 256, timeInSystem: 2.0)</c> is 128 requests per second.</example>
    public static double MaxArrivalRate(int slots, double timeInSystem)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(slots, nameof(slots), "requests the server holds at once");
        Guard.Positive(timeInSystem, nameof(timeInSystem), "seconds a request holds a slot");
        return slots / timeInSystem;
    }

    /// <summary>
    /// The longest answer a slot limit can carry: with L slots and arrivals at λ, Little's law lets a request stay at most
    /// W = L / λ on average. A stay is the prefill, which ends with the first token, then one decode step (TPOT) for each
    /// further token, so n = ⌊(L / λ − prefill) / TPOT⌋ + 1 output tokens, or 0 when the prefill alone outlasts L / λ.
    /// Queueing before a slot is ignored (at the limit there is none to spare). Computed in decimal with the inputs as written.
    /// </summary>
    /// <param name="slots">The requests the server can hold at once (L), e.g. vLLM's <c>max_num_seqs</c>. Range: L ≥ 1.</param>
    /// <param name="arrivalRate">The mean arrival rate (λ), requests per second. Range: λ &gt; 0.</param>
    /// <param name="prefillSeconds">The prefill time of one request, up to its first token, seconds. Range: ≥ 0.</param>
    /// <param name="secondsPerOutputToken">The decode step per further token (TPOT) with the slots full, seconds. Range: &gt; 0.</param>
    /// <returns>The most output tokens per request, a whole number; 0 when not even the first token fits.</returns>
    /// <example>
    /// <code>
    /// int n = Queueing.MaxOutputTokens(slots: 64, arrivalRate: 16, prefillSeconds: 0.25, secondsPerOutputToken: 0.02);   // 188: (4 − 0.25) / 0.02 = 187.5
    /// </code>
    /// </example>
    public static int MaxOutputTokens(int slots, double arrivalRate, double prefillSeconds, double secondsPerOutputToken)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(slots, nameof(slots), "requests the server holds at once");
        Guard.Positive(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.NonNegative(prefillSeconds, nameof(prefillSeconds), "seconds of prefill per request");
        Guard.Positive(secondsPerOutputToken, nameof(secondsPerOutputToken), "seconds per output token after the first (TPOT)");
        if (arrivalRate < 1e-12 || arrivalRate > 1e12 || prefillSeconds > 1e12 || secondsPerOutputToken < 1e-12 || secondsPerOutputToken > 1e12)
        {
            throw new ArgumentOutOfRangeException(nameof(arrivalRate),
                $"arrivalRate {Guard.Show(arrivalRate)}, prefillSeconds {Guard.Show(prefillSeconds)} and secondsPerOutputToken {Guard.Show(secondsPerOutputToken)} " +
                "must lie between 1e-12 and 1e12 (except a prefill of 0) for the answer to be a count of tokens.");
        }

        var rest = (slots / ExactRatio.ToDecimal(arrivalRate)) - ExactRatio.ToDecimal(prefillSeconds);
        if (rest < 0)
        {
            return 0;
        }

        var tokens = decimal.Floor(rest / ExactRatio.ToDecimal(secondsPerOutputToken)) + 1;
        if (tokens > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(secondsPerOutputToken), secondsPerOutputToken,
                $"secondsPerOutputToken {Guard.Show(secondsPerOutputToken)} is so small that more than {int.MaxValue} tokens fit in slots / arrivalRate − prefillSeconds = {rest} s.");
        }

        return (int)tokens;
    }

    /// <summary>
    /// Utilization of a pool of servers, ρ = λ / (c · μ): the fraction of time each server is busy.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceRate">The service rate of one server (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1.</param>
    /// <returns>ρ, dimensionless. A value of 1 or more means the queue grows without bound.</returns>
    public static double Utilization(double arrivalRate, double serviceRate, int servers = 1)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.NonNegative(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.Positive(serviceRate, nameof(serviceRate), "requests per second one server completes");
        Guard.Positive(servers, nameof(servers), "number of servers");
        return arrivalRate / (servers * serviceRate);
    }

    /// <summary>
    /// Erlang B: the probability that an arrival finds all c servers busy when there is no queue
    /// (blocked arrivals are lost), for offered load a = λ / μ.
    /// </summary>
    /// <remarks>
    /// Computed with the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which never forms
    /// aᶜ/c! (that overflows a double near c = 170) and is stable for 100 000 servers and more. Once B(k) underflows to
    /// 0 every later B is 0, so the loop stops there: the cost is O(min(c, a + 40·√a)) steps, and
    /// <c>ErlangB(int.MaxValue, 1)</c> takes about 180.
    /// </remarks>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1.</param>
    /// <param name="offeredLoad">The offered load (a = λ/μ), in erlangs. Range: a ≥ 0.</param>
    /// <returns>The blocking probability, between 0 and 1.</returns>
    public static double ErlangB(int servers, double offeredLoad)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(servers, nameof(servers), "number of servers");
        Guard.NonNegative(offeredLoad, nameof(offeredLoad), "offered load in erlangs, λ/μ");
        var b = 1.0;
        for (var k = 1; k <= servers && b > 0; k++)
        {
            b = offeredLoad * b / (k + (offeredLoad * b));
        }

        return b;
    }

    /// <summary>
    /// Erlang C: the probability that an arrival has to wait in an M/M/c queue,
    /// C = c·B / (c − a·(1 − B)) with B = Erlang B(c, a).
    /// </summary>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1.</param>
    /// <param name="offeredLoad">The offered load (a = λ/μ), in erlangs. Range: 0 ≤ a &lt; c (stable queue).</param>
    /// <returns>The probability of waiting, between 0 and 1.</returns>
    public static double ErlangC(int servers, double offeredLoad)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(servers, nameof(servers), "number of servers");
        Guard.NonNegative(offeredLoad, nameof(offeredLoad), "offered load in erlangs, λ/μ");
        if (offeredLoad >= servers)
        {
            throw new ArgumentOutOfRangeException(nameof(offeredLoad), offeredLoad,
                $"offeredLoad must be below the number of servers for the queue to be stable; " +
                $"offeredLoad {Guard.Show(offeredLoad)} erlangs on {servers} server(s) is utilization {Guard.Show(offeredLoad / servers)}.");
        }

        var b = ErlangB(servers, offeredLoad);
        return servers * b / (servers - (offeredLoad * (1 - b)));
    }

    /// <summary>
    /// The M/M/c queue: Poisson arrivals, exponential service, c identical servers, one queue.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceRate">The service rate of one server (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1, with λ &lt; c·μ.</param>
    /// <returns>Utilization, probability of waiting, mean wait and mean response time (seconds) and queue lengths.</returns>
    public static MmcResult Mmc(double arrivalRate, double serviceRate, int servers = 1)
    {
        LibraryCalls.Record(typeof(Queueing));
        var rho = Utilization(arrivalRate, serviceRate, servers);
        RequireStable(arrivalRate, serviceRate, servers);
        var a = arrivalRate / serviceRate;
        var pWait = ErlangC(servers, a);
        var meanWait = pWait / ((servers * serviceRate) - arrivalRate);
        var meanResponse = meanWait + (1 / serviceRate);
        return new MmcResult(
            servers, a, rho, pWait, meanWait, meanResponse,
            MeanQueueLength: arrivalRate * meanWait,
            MeanInSystem: arrivalRate * meanResponse);
    }

    /// <summary>The M/M/1 queue: <see cref="Mmc"/> with one server. Mean response time is 1 / (μ − λ).</summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: 0 ≤ λ &lt; μ.</param>
    /// <param name="serviceRate">The service rate (μ), requests per second. Range: μ &gt; 0.</param>
    public static MmcResult Mm1(double arrivalRate, double serviceRate) => Mmc(arrivalRate, serviceRate, 1);

    /// <summary>
    /// Mean response time (queueing plus service) of an M/M/c queue, W = C(c, a) / (c·μ − λ) + 1/μ.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceRate">The service rate of one server (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1, with λ &lt; c·μ.</param>
    /// <returns>W, in seconds when the rates are per second.</returns>
    public static double MeanResponseTime(double arrivalRate, double serviceRate, int servers = 1)
    {
        LibraryCalls.Record(typeof(Queueing));
        return Mmc(arrivalRate, serviceRate, servers).MeanResponseTime;
    }

    /// <summary>
    /// The p-th percentile of the waiting time (before service starts) in an M/M/c queue.
    /// P(Wq &gt; t) = C · e^(−(cμ − λ)t), so t_p = ln(C / (1 − p)) / (cμ − λ), or 0 when C ≤ 1 − p.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceRate">The service rate of one server (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1, with λ &lt; c·μ.</param>
    /// <param name="percentile">The percentile as a fraction (p), e.g. 0.99 for p99. Range: 0 &lt; p &lt; 1.</param>
    /// <returns>The waiting time t_p, seconds when the rates are per second.</returns>
    public static double WaitTimePercentile(double arrivalRate, double serviceRate, int servers, double percentile)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.OpenUnitInterval(percentile, nameof(percentile), "percentile as a fraction, 0.99 for p99");
        var r = Mmc(arrivalRate, serviceRate, servers);
        var tail = 1 - percentile;
        return r.ProbabilityOfWaiting <= tail
            ? 0
            : Math.Log(r.ProbabilityOfWaiting / tail) / ((servers * serviceRate) - arrivalRate);
    }

    /// <summary>
    /// The probability that a request waits at most t before service in an M/M/c queue:
    /// P(Wq ≤ t) = 1 − C(c, a) · e^(−(cμ − λ)t), with a = λ/μ and C Erlang C. At t = 0 it is the chance of not waiting at all.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceRate">The service rate of one server (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="servers">The number of servers (c). Range: c ≥ 1, with λ &lt; c·μ.</param>
    /// <param name="seconds">The wait allowed (t), seconds when the rates are per second. Range: t ≥ 0.</param>
    /// <returns>The probability, between 0 and 1.</returns>
    /// <example><c>ProbabilityWaitAtMost(120, 30, 6, 0.1)</c>: C(6, 4) = 0.2848, e^(−60 × 0.1) = 0.00248, so 0.99929.</example>
    public static double ProbabilityWaitAtMost(double arrivalRate, double serviceRate, int servers, double seconds)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.NonNegative(seconds, nameof(seconds), "seconds of waiting allowed");
        var r = Mmc(arrivalRate, serviceRate, servers);
        return 1 - (r.ProbabilityOfWaiting * Math.Exp(-((servers * serviceRate) - arrivalRate) * seconds));
    }

    /// <summary>
    /// The p-th percentile of the response time of an M/M/1 queue. The response time is exponential
    /// with rate μ − λ, so t_p = −ln(1 − p) / (μ − λ), computed as −log1p(−p) / (μ − λ): forming 1 − p first would
    /// lose the digits of a small p (at p = 10⁻¹² a relative error of 2·10⁻⁵).
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: 0 ≤ λ &lt; μ.</param>
    /// <param name="serviceRate">The service rate (μ), requests per second. Range: μ &gt; 0.</param>
    /// <param name="percentile">The percentile as a fraction (p). Range: 0 &lt; p &lt; 1.</param>
    /// <returns>The response time t_p, seconds when the rates are per second.</returns>
    public static double Mm1ResponseTimePercentile(double arrivalRate, double serviceRate, double percentile)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.OpenUnitInterval(percentile, nameof(percentile), "percentile as a fraction, 0.99 for p99");
        _ = Mm1(arrivalRate, serviceRate);
        return -Log1p(-percentile) / (serviceRate - arrivalRate);
    }

    /// <summary>
    /// The M/G/1 queue (any service-time distribution) by the Pollaczek–Khinchine formula:
    /// Wq = ρ · (1 + Cs²) / (2 · (1 − ρ)) · E[S], with ρ = λ · E[S] and Cs the coefficient of variation
    /// of the service time. Cs = 1 gives M/M/1; Cs = 0 gives M/D/1 (every request takes the same time),
    /// whose wait is half of M/M/1's.
    /// </summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="meanServiceTime">The mean service time (E[S]), seconds. Range: E[S] &gt; 0, with λ·E[S] &lt; 1.</param>
    /// <param name="serviceTimeCv">The coefficient of variation of the service time (Cs = σ/E[S]). Range: Cs ≥ 0.</param>
    /// <returns>Utilization, mean wait and mean response time in seconds, and queue lengths.</returns>
    public static Mg1Result Mg1(double arrivalRate, double meanServiceTime, double serviceTimeCv)
    {
        Guard.NonNegative(arrivalRate, nameof(arrivalRate), "requests per second");
        Guard.Positive(meanServiceTime, nameof(meanServiceTime), "mean seconds of service per request");
        Guard.NonNegative(serviceTimeCv, nameof(serviceTimeCv), "coefficient of variation of the service time");
        var rho = arrivalRate * meanServiceTime;
        if (rho >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(arrivalRate), arrivalRate,
                $"utilization must be below 1 for the queue to be stable; arrivalRate {Guard.Show(arrivalRate)} × " +
                $"meanServiceTime {Guard.Show(meanServiceTime)} = {Guard.Show(rho)}.");
        }

        var meanWait = rho * (1 + (serviceTimeCv * serviceTimeCv)) / (2 * (1 - rho)) * meanServiceTime;
        var meanResponse = meanWait + meanServiceTime;
        return new Mg1Result(rho, meanWait, meanResponse, arrivalRate * meanWait, arrivalRate * meanResponse);
    }

    /// <summary>The M/D/1 queue (constant service time): <see cref="Mg1"/> with Cs = 0.</summary>
    /// <param name="arrivalRate">The arrival rate (λ), requests per second. Range: λ ≥ 0.</param>
    /// <param name="serviceTime">The service time of every request (S), seconds. Range: S &gt; 0, with λ·S &lt; 1.</param>
    public static Mg1Result Md1(double arrivalRate, double serviceTime) => Mg1(arrivalRate, serviceTime, 0);

    /// <summary>
    /// Square-root staffing: c = ⌈a + β·√a⌉ servers for offered load a. The quality-of-service
    /// parameter β trades cost for waiting: β ≈ 0.5 is lean, β ≈ 2 keeps few arrivals waiting.
    /// The sum is taken with a and β as the decimal numbers they were written as.
    /// </summary>
    /// <param name="offeredLoad">The offered load (a = λ/μ), in erlangs. Range: a &gt; 0.</param>
    /// <param name="beta">The quality-of-service parameter (β). Range: β ≥ 0.</param>
    /// <returns>The number of servers c, at least 1.</returns>
    public static int SquareRootStaffing(double offeredLoad, double beta)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(offeredLoad, nameof(offeredLoad), "offered load in erlangs, λ/μ");
        Guard.NonNegative(beta, nameof(beta), "quality-of-service parameter");

        // Add in decimal, as written: 0.64 + 2.95 × √0.64 is exactly 3, where binary floating point gives
        // 3.0000000000000004 and the ceiling would buy a fourth server. (√a is read as its shortest round-trip form.)
        var servers = offeredLoad < 1e15 && beta < 1e6
            ? (double)decimal.Ceiling(ExactRatio.ToDecimal(offeredLoad) + (ExactRatio.ToDecimal(beta) * ExactRatio.ToDecimal(Math.Sqrt(offeredLoad))))
            : Math.Ceiling(offeredLoad + (beta * Math.Sqrt(offeredLoad)));
        if (servers > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(offeredLoad), offeredLoad,
                $"offeredLoad is too large: {Guard.Show(offeredLoad)} erlangs + beta {Guard.Show(beta)} × √offeredLoad comes to {Guard.Show(servers)} servers, " +
                $"more than {int.MaxValue}, the largest count this function returns.");
        }

        return (int)Math.Max(1, servers);
    }

    /// <summary>
    /// Square-root staffing read the other way: the largest offered load a that c servers carry under the rule
    /// c ≥ a + β·√a. With x = √a the rule is the quadratic x² + β·x − c ≤ 0, whose positive root gives
    /// a = ((√(β² + 4c) − β) / 2)². The fleet's capacity per server, a / c, rises with c: pooling.
    /// </summary>
    /// <param name="servers">The number of servers (c), e.g. replicas. Range: c ≥ 1.</param>
    /// <param name="beta">The quality-of-service parameter (β). Range: β ≥ 0.</param>
    /// <returns>The largest offered load a = λ/μ, in erlangs (multiply by μ for requests per second).</returns>
    /// <example>
    /// <code>
    /// double a = Queueing.SquareRootStaffingCapacity(servers: 6, beta: 0.5);   // 4.894 erlangs: 146.8 req/s at μ = 30/s
    /// </code>
    /// </example>
    public static double SquareRootStaffingCapacity(int servers, double beta)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(servers, nameof(servers), "number of servers");
        Guard.NonNegative(beta, nameof(beta), "quality-of-service parameter");

        // (√(β² + 4c) − β) / 2 loses digits when β² ≫ 4c; 2c / (√(β² + 4c) + β) is the same root without the subtraction.
        var root = 2.0 * servers / (Math.Sqrt((beta * beta) + (4.0 * servers)) + beta);
        return root * root;
    }

    /// <summary>
    /// The fewest servers c for which the Erlang C probability of waiting is at most the target.
    /// </summary>
    /// <param name="offeredLoad">The offered load (a = λ/μ), in erlangs. Range: a &gt; 0.</param>
    /// <param name="maxProbabilityOfWaiting">The highest acceptable probability of waiting. Range: 0 &lt; p &lt; 1.</param>
    /// <returns>The number of servers.</returns>
    /// <remarks>One pass: O(c) in all for the answer c (the Erlang B recursion is not restarted for each candidate).</remarks>
    public static int ServersForWaitProbability(double offeredLoad, double maxProbabilityOfWaiting)
    {
        LibraryCalls.Record(typeof(Queueing));
        Guard.Positive(offeredLoad, nameof(offeredLoad), "offered load in erlangs, λ/μ");
        Guard.OpenUnitInterval(maxProbabilityOfWaiting, nameof(maxProbabilityOfWaiting), "highest acceptable probability of waiting");
        foreach (var (c, probabilityOfWaiting) in ErlangCUpward(offeredLoad, 1, nameof(offeredLoad)))
        {
            if (probabilityOfWaiting <= maxProbabilityOfWaiting)
            {
                return c;
            }
        }

        throw new InvalidOperationException("unreachable: ErlangCUpward ends only by throwing");
    }

    /// <summary>
    /// Erlang C for every stable server count in turn, c = ⌊λ/μ⌋ + 1 (λ/μ as written), c + 1, …, from one pass of the
    /// Erlang B recursion (the same B values <see cref="ErlangB"/> computes, so the same C as <see cref="ErlangC"/>).
    /// Throws, blaming <paramref name="name"/>, when the count would pass <see cref="int.MaxValue"/>.
    /// </summary>
    internal static IEnumerable<(int Servers, double ProbabilityOfWaiting)> ErlangCUpward(double arrivalRate, double serviceRate, string name)
    {
        var offeredLoad = arrivalRate / serviceRate;
        var first = ExactRatio.Floor(arrivalRate, serviceRate) + 1;
        if (first > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(name,
                $"{name} is too large: an offered load of {Guard.Show(offeredLoad)} erlangs needs more than {int.MaxValue} servers, the largest count this function returns.");
        }

        var b = 1.0;
        for (var k = 1; ; k++)
        {
            b = offeredLoad * b / (k + (offeredLoad * b));
            if (k >= first)
            {
                yield return (k, k * b / (k - (offeredLoad * (1 - b))));
            }

            if (k == int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(name,
                    $"{name} is too large: an offered load of {Guard.Show(offeredLoad)} erlangs needs more than {int.MaxValue} servers, the largest count this function returns.");
            }
        }
    }

    /// <summary>
    /// Whether λ &lt; c·μ with the inputs taken as written: λ = 0.3, μ = 0.1, c = 3 is exactly at capacity (not stable), although
    /// 3 × 0.1 is 0.30000000000000004 in binary and 0.3 &lt; 3 × 0.1 is true for doubles.
    /// </summary>
    internal static bool IsStable(double arrivalRate, double serviceRate, int servers)
    {
        var (arrivalTop, arrivalBottom) = ExactRatio.Fraction(arrivalRate);
        var (serviceTop, serviceBottom) = ExactRatio.Fraction(serviceRate);
        return ExactRatio.Compare(arrivalTop, arrivalBottom, serviceTop * servers, serviceBottom) < 0;
    }

    /// <summary>
    /// Throws unless λ &lt; c·μ with the inputs taken as written (λ = 0.3, μ = 0.1, c = 3 is exactly at capacity, although
    /// 0.3 / (3 × 0.1) is 0.9999999999999999 in binary).
    /// </summary>
    internal static void RequireStable(double arrivalRate, double serviceRate, int servers)
    {
        if (!IsStable(arrivalRate, serviceRate, servers))
        {
            var rho = arrivalRate / (servers * serviceRate);
            var denominator = servers == 1
                ? $"serviceRate {Guard.Show(serviceRate)}"
                : $"({servers} servers × serviceRate {Guard.Show(serviceRate)})";
            throw new ArgumentOutOfRangeException(nameof(arrivalRate), arrivalRate,
                $"utilization must be below 1 for the queue to be stable; arrivalRate {Guard.Show(arrivalRate)} / " +
                $"{denominator} = {Guard.Show(rho)}. Add servers or lower the arrival rate.");
        }
    }

    /// <summary>
    /// ln(1 + x) accurate for small x: with u = 1 + x rounded, ln(u) · x / (u − 1) cancels the rounding of u
    /// (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, theorem 4).
    /// </summary>
    private static double Log1p(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}

/// <summary>The steady state of an M/M/c queue. Times are in seconds when rates are per second.</summary>
/// <param name="Servers">The number of servers (c).</param>
/// <param name="OfferedLoad">The offered load a = λ/μ, in erlangs.</param>
/// <param name="Utilization">ρ = λ/(cμ), the fraction of time each server is busy.</param>
/// <param name="ProbabilityOfWaiting">Erlang C: the probability an arrival waits before service.</param>
/// <param name="MeanWait">Mean time in the queue before service (Wq).</param>
/// <param name="MeanResponseTime">Mean time in the system, queue plus service (W = Wq + 1/μ).</param>
/// <param name="MeanQueueLength">Mean number waiting (Lq = λ·Wq).</param>
/// <param name="MeanInSystem">Mean number in the system (L = λ·W).</param>
public sealed record MmcResult(
    int Servers,
    double OfferedLoad,
    double Utilization,
    double ProbabilityOfWaiting,
    double MeanWait,
    double MeanResponseTime,
    double MeanQueueLength,
    double MeanInSystem);

/// <summary>The steady state of an M/G/1 queue (Pollaczek–Khinchine). Times in seconds when rates are per second.</summary>
/// <param name="Utilization">ρ = λ·E[S].</param>
/// <param name="MeanWait">Mean time in the queue (Wq).</param>
/// <param name="MeanResponseTime">Mean time in the system (W = Wq + E[S]).</param>
/// <param name="MeanQueueLength">Mean number waiting (Lq = λ·Wq).</param>
/// <param name="MeanInSystem">Mean number in the system (L = λ·W).</param>
public sealed record Mg1Result(
    double Utilization,
    double MeanWait,
    double MeanResponseTime,
    double MeanQueueLength,
    double MeanInSystem);
