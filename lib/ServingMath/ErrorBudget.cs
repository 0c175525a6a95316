using System.Numerics;

namespace ServingMath;

/// <summary>
/// SLO error budgets: how many failures an SLO allows, how fast an incident burns the budget, when it
/// runs out, and the multi-window, multi-burn-rate alerts of the Google SRE Workbook (chapter 5,
/// "Alerting on SLOs").
/// </summary>
public static class ErrorBudget
{
    /// <summary>
    /// Failures the SLO allows: ⌊requests × (1 − SLO)⌋, with the SLO taken exactly as written
    /// (1 000 000 × (1 − 0.999) = 1000, not the 999 that binary floating point can give).
    /// </summary>
    /// <param name="requests">Requests in the SLO window. Range: ≥ 0.</param>
    /// <param name="slo">The success-rate objective as a fraction, 0.999 for 99.9 %. Range: 0 &lt; SLO &lt; 1.</param>
    /// <returns>The number of failures the budget allows.</returns>
    public static long AllowedFailures(long requests, double slo)
    {
        LibraryCalls.Record(typeof(ErrorBudget));
        Guard.NonNegative(requests, nameof(requests), "requests in the window");
        Guard.OpenUnitInterval(slo, nameof(slo), "success-rate objective");
        var (top, bottom) = ExactRatio.ErrorFraction(slo);
        return (long)BigInteger.Divide(requests * top, bottom);
    }

    /// <summary>
    /// The hour in which an SLO window's error budget runs out: the first hour h (0-based) at whose end the failures so far,
    /// Σᵢ≤ₕ fᵢ, exceed the failures the SLO allows over the whole window, <see cref="AllowedFailures"/>(requests, SLO).
    /// Spending exactly the budget keeps the SLO; one failure more breaks it. Null when the window ends within budget.
    /// </summary>
    /// <param name="failuresPerHour">Failed requests in each hour of the window, in order (fᵢ). Range: each ≥ 0.</param>
    /// <param name="requestsInWindow">All requests in the SLO window (n). Range: ≥ 0.</param>
    /// <param name="slo">The success-rate objective, 0.999 for 99.9 %. Range: 0 &lt; SLO &lt; 1.</param>
    /// <returns>The index of the hour in which the budget runs out, or null when it never does.</returns>
    /// <example>
    /// <code>
    /// int? hour = ErrorBudget.HourBudgetRunsOut([1, 1, 600, 500], requestsInWindow: 1_000_000, slo: 0.999);   // 3: 1 102 &gt; 1 000
    /// </code>
    /// </example>
    public static int? HourBudgetRunsOut(IReadOnlyList<int> failuresPerHour, long requestsInWindow, double slo)
    {
        LibraryCalls.Record(typeof(ErrorBudget));
        Guard.NotNull(failuresPerHour, nameof(failuresPerHour));
        Guard.NonNegative(requestsInWindow, nameof(requestsInWindow), "requests in the SLO window");
        Guard.OpenUnitInterval(slo, nameof(slo), "success-rate objective");
        var allowed = AllowedFailures(requestsInWindow, slo);
        long spent = 0;
        for (var hour = 0; hour < failuresPerHour.Count; hour++)
        {
            if (failuresPerHour[hour] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(failuresPerHour), failuresPerHour[hour],
                    $"failuresPerHour (failed requests in each hour) cannot be negative; hour {hour} has {failuresPerHour[hour]}.");
            }

            spent += failuresPerHour[hour];
            if (spent > allowed)
            {
                return hour;
            }
        }

        return null;
    }

    /// <summary>
    /// Burn rate: the observed error rate over the rate the SLO allows, errorRate / (1 − SLO).
    /// A burn rate of 1 spends the budget exactly over the SLO window; 14.4 spends a 30-day budget in 50 hours.
    /// Both inputs are taken exactly as written, as in <see cref="AllowedFailures"/>: 0.0144 / (1 − 0.999) is 14.4, the
    /// SRE Workbook's paging threshold (binary arithmetic gives 14.399999999999999).
    /// </summary>
    /// <param name="errorRate">Observed fraction of failed requests. Range: 0 ≤ e ≤ 1.</param>
    /// <param name="slo">The success-rate objective. Range: 0 &lt; SLO &lt; 1.</param>
    public static double BurnRate(double errorRate, double slo)
    {
        LibraryCalls.Record(typeof(ErrorBudget));
        Guard.Fraction(errorRate, nameof(errorRate), "observed fraction of failed requests");
        Guard.OpenUnitInterval(slo, nameof(slo), "success-rate objective");
        var (top, bottom) = BurnRateFraction(errorRate, slo);
        return ExactRatio.ToDouble(top, bottom);
    }

    /// <summary>
    /// Time until the budget is gone at a steady burn rate: window × remaining fraction / burn rate.
    /// </summary>
    /// <param name="burnRate">The burn rate. Range: &gt; 0.</param>
    /// <param name="windowDays">The SLO window, days (commonly 30). Range: &gt; 0.</param>
    /// <param name="budgetRemaining">Fraction of the budget left. Range: 0 ≤ f ≤ 1.</param>
    public static TimeSpan TimeToExhaustion(double burnRate, double windowDays = 30, double budgetRemaining = 1)
    {
        LibraryCalls.Record(typeof(ErrorBudget));
        Guard.Positive(burnRate, nameof(burnRate), "burn rate");
        Guard.Positive(windowDays, nameof(windowDays), "days in the SLO window");
        Guard.Fraction(budgetRemaining, nameof(budgetRemaining), "fraction of the budget left");
        var hours = windowDays * 24 * budgetRemaining / burnRate;
        if (!(hours <= TimeSpan.MaxValue.TotalHours))
        {
            throw new ArgumentOutOfRangeException(nameof(burnRate), burnRate,
                $"burnRate is too small: at {Guard.Show(burnRate)} × the allowed rate the budget lasts {Guard.Show(hours)} hours, " +
                $"longer than a TimeSpan holds (about {Guard.Show(TimeSpan.MaxValue.TotalDays / 365.25)} years); it practically never runs out.");
        }

        return TimeSpan.FromHours(hours);
    }

    /// <summary>
    /// Fraction of the budget left after some failures: 1 − failures / (requests × (1 − SLO)) (negative when overspent),
    /// the SLO taken exactly as written as everywhere in this class (1000 requests, 1 failure at 0.999: exactly 0 left).
    /// </summary>
    /// <param name="requests">Requests in the SLO window so far. Range: ≥ 1.</param>
    /// <param name="failures">Failed requests so far. Range: ≥ 0.</param>
    /// <param name="slo">The success-rate objective. Range: 0 &lt; SLO &lt; 1.</param>
    public static double Remaining(long requests, long failures, double slo)
    {
        Guard.Positive(requests, nameof(requests), "requests in the window");
        Guard.NonNegative(failures, nameof(failures), "failed requests");
        Guard.OpenUnitInterval(slo, nameof(slo), "success-rate objective");
        var (top, bottom) = ExactRatio.ErrorFraction(slo);
        var allowed = requests * top;
        return ExactRatio.ToDouble(allowed - (failures * bottom), allowed);
    }

    /// <summary>
    /// The Google SRE Workbook's recommended multi-window, multi-burn-rate alerts for a 30-day SLO:
    /// page at 14.4× over 1 h (checked over 5 min) and 6× over 6 h (30 min); open a ticket at 3× over
    /// 1 day (2 h) and 1× over 3 days (6 h).
    /// </summary>
    public static IReadOnlyList<BurnRateAlert> SreWorkbookAlerts { get; } =
    [
        new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 14.4, AlertSeverity.Page),
        new(TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), 6, AlertSeverity.Page),
        new(TimeSpan.FromDays(1), TimeSpan.FromHours(2), 3, AlertSeverity.Ticket),
        new(TimeSpan.FromDays(3), TimeSpan.FromHours(6), 1, AlertSeverity.Ticket),
    ];

    /// <summary>
    /// Whether an alert fires: both the long and the short window burn at or above its threshold
    /// (the short window makes the alert reset soon after the incident ends). The comparison is exact, on the inputs as
    /// written: 0.0144 at 99.9 % is a 14.4× burn and pages here.
    /// </summary>
    /// <remarks>
    /// At-or-above (≥) is this workbook's tie rule. The Site Reliability Workbook (O'Reilly 2018, chapter 5 "Alerting on
    /// SLOs", the multiwindow, multi-burn-rate rule) writes its Prometheus rules with a strict <c>&gt;</c>:
    /// <c>job:slo_errors_per_request:ratio_rate1h{job="myjob"} &gt; (14.4*0.001)</c>, under which a rate exactly at the
    /// threshold does not page. The two differ only on an exact tie.
    /// </remarks>
    /// <param name="alert">The alert rule.</param>
    /// <param name="longWindowErrorRate">Error rate over the alert's long window. Range: 0 ≤ e ≤ 1.</param>
    /// <param name="shortWindowErrorRate">Error rate over the alert's short window. Range: 0 ≤ e ≤ 1.</param>
    /// <param name="slo">The success-rate objective. Range: 0 &lt; SLO &lt; 1.</param>
    public static bool Fires(BurnRateAlert alert, double longWindowErrorRate, double shortWindowErrorRate, double slo)
    {
        Guard.NotNull(alert, nameof(alert), "alert rule");
        Guard.Fraction(longWindowErrorRate, nameof(longWindowErrorRate), "error rate over the long window");
        Guard.Fraction(shortWindowErrorRate, nameof(shortWindowErrorRate), "error rate over the short window");
        Guard.OpenUnitInterval(slo, nameof(slo), "success-rate objective");
        return AtLeast(longWindowErrorRate, slo, alert.BurnRate) && AtLeast(shortWindowErrorRate, slo, alert.BurnRate);
    }

    private static bool AtLeast(double errorRate, double slo, double threshold)
    {
        // Fast path: away from the threshold the double quotient decides. Its error is below 2.3e-16 / (1 − SLO) relative
        // (1 − SLO rounds by at most half an ulp of 1, the division by half an ulp), far inside the 1e-9 margin whenever
        // 1 − SLO > 1e-6. Near the threshold, or for SLOs closer to 1, the decimals as written decide (exact fractions):
        // a notebook replaying a month minute by minute calls this ~170 000 times.
        var allowed = 1 - slo;
        if (allowed > 1e-6)
        {
            var difference = (errorRate / allowed) - threshold;
            if (Math.Abs(difference) > 1e-9 * Math.Max(threshold, 1))
            {
                return difference > 0;
            }
        }

        var (top, bottom) = BurnRateFraction(errorRate, slo);
        var (thresholdTop, thresholdBottom) = ExactRatio.Fraction(threshold);
        return ExactRatio.Compare(top, bottom, thresholdTop, thresholdBottom) >= 0;
    }

    /// <summary>errorRate / (1 − SLO) as an exact fraction of the inputs as written.</summary>
    private static (BigInteger Top, BigInteger Bottom) BurnRateFraction(double errorRate, double slo)
    {
        var (errorTop, errorBottom) = ExactRatio.Fraction(errorRate);
        var (sloTop, sloBottom) = ExactRatio.ErrorFraction(slo);
        return (errorTop * sloBottom, errorBottom * sloTop);
    }

    /// <summary>
    /// When a burn-rate alert fires after an incident starts, in minutes: before the incident the error rate was
    /// e₀ (steady, for longer than the alert's long window), from minute 0 on it is e₁. A window's error rate is the
    /// mean over its last w minutes, so the long window reaches the threshold θ·(1 − SLO) at
    /// t = w·(θ·(1 − SLO) − e₀) / (e₁ − e₀), and the short window (shorter, so earlier) already has:
    /// the alert fires at t for its long window. 0 when the steady rate alone already fires it; null when it never fires
    /// (e₁ below the threshold). Rates and thresholds are compared as the decimal numbers they were written as.
    /// </summary>
    /// <param name="alert">The alert rule (long window w, threshold θ).</param>
    /// <param name="steadyErrorRate">Error rate before the incident (e₀). Range: 0 ≤ e₀ ≤ 1.</param>
    /// <param name="incidentErrorRate">Error rate during the incident (e₁). Range: 0 ≤ e₁ ≤ 1.</param>
    /// <param name="slo">The success-rate objective. Range: 0 &lt; SLO &lt; 1.</param>
    /// <returns>Minutes from the start of the incident until the alert fires, or null when it never does.</returns>
    /// <example>14.4× over 1 h, steady 0.05 %, incident 5 %, SLO 99.9 %: 60 × (1.44 % − 0.05 %) / (5 % − 0.05 %) ≈ 16.8 minutes.</example>
    public static double? MinutesUntilFires(BurnRateAlert alert, double steadyErrorRate, double incidentErrorRate, double slo)
    {
        LibraryCalls.Record(typeof(ErrorBudget));
        Guard.NotNull(alert, nameof(alert), "alert rule");
        Guard.Fraction(steadyErrorRate, nameof(steadyErrorRate), "error rate before the incident");
        Guard.Fraction(incidentErrorRate, nameof(incidentErrorRate), "error rate during the incident");
        Guard.OpenUnitInterval(slo, nameof(slo), "success-rate objective");
        var threshold = ExactRatio.ToDecimal(alert.BurnRate) * (1m - ExactRatio.ToDecimal(slo));
        var before = ExactRatio.ToDecimal(steadyErrorRate);
        var during = ExactRatio.ToDecimal(incidentErrorRate);
        if (before >= threshold)
        {
            return 0;
        }

        if (during < threshold)
        {
            return null;
        }

        return (double)((decimal)alert.LongWindow.TotalMinutes * (threshold - before) / (during - before));
    }

    /// <summary>
    /// Which of the <see cref="SreWorkbookAlerts"/> fires first when the error rate steps from e₀ to e₁
    /// (see <see cref="MinutesUntilFires"/>): the index of the earliest, the earlier rule in the list on a tie, or null when none fires.
    /// </summary>
    /// <param name="steadyErrorRate">Error rate before the incident (e₀). Range: 0 ≤ e₀ ≤ 1.</param>
    /// <param name="incidentErrorRate">Error rate during the incident (e₁). Range: 0 ≤ e₁ ≤ 1.</param>
    /// <param name="slo">The success-rate objective. Range: 0 &lt; SLO &lt; 1.</param>
    /// <returns>An index into <see cref="SreWorkbookAlerts"/>, or null when no alert fires.</returns>
    public static int? FirstToFire(double steadyErrorRate, double incidentErrorRate, double slo)
    {
        LibraryCalls.Record(typeof(ErrorBudget));
        int? first = null;
        double? earliest = null;
        for (var i = 0; i < SreWorkbookAlerts.Count; i++)
        {
            var minutes = MinutesUntilFires(SreWorkbookAlerts[i], steadyErrorRate, incidentErrorRate, slo);
            if (minutes is double m && (earliest is not double e || m < e))
            {
                first = i;
                earliest = m;
            }
        }

        return first;
    }
}

/// <summary>How loudly an alert calls.</summary>
public enum AlertSeverity
{
    /// <summary>Wake someone up now.</summary>
    Page,

    /// <summary>Open a ticket for working hours.</summary>
    Ticket,
}

/// <summary>A multi-window burn-rate alert.</summary>
/// <param name="LongWindow">The window the burn rate is measured over.</param>
/// <param name="ShortWindow">The confirming window (1/12 of the long one).</param>
/// <param name="BurnRate">The threshold.</param>
/// <param name="Severity">Page or ticket.</param>
public sealed record BurnRateAlert(TimeSpan LongWindow, TimeSpan ShortWindow, double BurnRate, AlertSeverity Severity)
{
    /// <summary>Fraction of a 30-day budget spent when the alert fires: burn rate × long window / 30 days.</summary>
    public double BudgetConsumed => BurnRate * LongWindow.TotalHours / (30 * 24);
}
