using CsCheck;

namespace ServingMath.Tests;

public class ErrorBudgetTests
{
    [Fact]
    public void AllowedFailures_seed_exercise_is_1000()
    {
        Assert.Equal(1000, ErrorBudget.AllowedFailures(requests: 1_000_000, slo: 0.999));
    }

    [Theory]
    [InlineData(1_000_000, 0.9999, 100)] // 1e6 × (1 − 0.9999) = 99.99999999998899 in doubles
    [InlineData(1_000_000, 0.9995, 500)] // 499.9999999999449
    [InlineData(1000, 0.9, 100)]         // 99.99999999999997
    [InlineData(999, 0.999, 0)]
    public void AllowedFailures_floor_decimal_products_exactly(long requests, double slo, long expected)
    {
        Assert.Equal(expected, ErrorBudget.AllowedFailures(requests, slo));
    }

    [Fact]
    public void Property_allowed_failures_agree_with_decimal_arithmetic()
    {
        Gen.Select(Gen.Long[0, 10_000_000_000], Gen.Int[1, 99_999]).Sample((n, s) =>
        {
            var slo = s / 100_000m;
            var expected = (long)decimal.Floor(n * (1 - slo));
            Assert.Equal(expected, ErrorBudget.AllowedFailures(n, (double)slo));
        }, iter: 20_000);
    }

    [Fact]
    public void BurnRate_is_error_rate_over_allowed_rate()
    {
        // 1.44 % errors against a 99.9 % SLO burn at 14.4×; 0.1 % burns at exactly 1×.
        Assert.Equal(14.4, ErrorBudget.BurnRate(0.0144, 0.999), 9);
        Assert.Equal(1.0, ErrorBudget.BurnRate(0.001, 0.999), 12);
    }

    [Fact]
    public void A_14_4x_burn_empties_a_30_day_budget_in_50_hours()
    {
        // 30 days × 24 h / 14.4 = 50 h.
        Assert.Equal(50.0, ErrorBudget.TimeToExhaustion(14.4).TotalHours, 9);
        Assert.Equal(25.0, ErrorBudget.TimeToExhaustion(14.4, 30, 0.5).TotalHours, 9);
    }

    [Fact]
    public void SreWorkbook_alert_table_matches_the_book()
    {
        // SRE Workbook, "Alerting on SLOs", table 5-8: 2 %, 5 %, 10 %, 10 % of the budget.
        var alerts = ErrorBudget.SreWorkbookAlerts;
        Assert.Equal([14.4, 6, 3, 1], alerts.Select(a => a.BurnRate));
        Assert.Equal([1.0, 6, 24, 72], alerts.Select(a => a.LongWindow.TotalHours));
        Assert.Equal([5.0, 30, 120, 360], alerts.Select(a => a.ShortWindow.TotalMinutes));
        Assert.Equal([0.02, 0.05, 0.10, 0.10], alerts.Select(a => Math.Round(a.BudgetConsumed, 6)));
        Assert.Equal([AlertSeverity.Page, AlertSeverity.Page, AlertSeverity.Ticket, AlertSeverity.Ticket], alerts.Select(a => a.Severity));
    }

    [Fact]
    public void Fast_burn_alert_needs_both_windows()
    {
        var page = ErrorBudget.SreWorkbookAlerts[0];
        Assert.True(ErrorBudget.Fires(page, 0.02, 0.03, 0.999));
        Assert.False(ErrorBudget.Fires(page, 0.02, 0.0005, 0.999)); // the incident is over: short window recovered
    }

    [Fact]
    public void Remaining_budget_after_failures()
    {
        // 1 M requests at 99.9 % allow 1000 failures; 250 used leaves 75 %.
        Assert.Equal(0.75, ErrorBudget.Remaining(1_000_000, 250, 0.999), 9);
        Assert.True(ErrorBudget.Remaining(1_000_000, 1500, 0.999) < 0);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        QueueingTests.AssertBad("slo", () => ErrorBudget.AllowedFailures(1000, 99.9));
        QueueingTests.AssertBad("slo", () => ErrorBudget.AllowedFailures(1000, 1));
        QueueingTests.AssertBad("slo", () => ErrorBudget.AllowedFailures(1000, double.NaN));
        QueueingTests.AssertBad("requests", () => ErrorBudget.AllowedFailures(-1, 0.99));
        QueueingTests.AssertBad("errorRate", () => ErrorBudget.BurnRate(1.5, 0.99));
        QueueingTests.AssertBad("slo", () => ErrorBudget.BurnRate(0.01, 0));
        QueueingTests.AssertBad("burnRate", () => ErrorBudget.TimeToExhaustion(0));
        QueueingTests.AssertBad("windowDays", () => ErrorBudget.TimeToExhaustion(1, -30));
        QueueingTests.AssertBad("budgetRemaining", () => ErrorBudget.TimeToExhaustion(1, 30, 2));
        QueueingTests.AssertBad("requests", () => ErrorBudget.Remaining(0, 0, 0.99));
        QueueingTests.AssertBad("failures", () => ErrorBudget.Remaining(10, -1, 0.99));
        QueueingTests.AssertBad("alert", () => ErrorBudget.Fires(null!, 0.1, 0.1, 0.99));
        QueueingTests.AssertBad("longWindowErrorRate", () => ErrorBudget.Fires(ErrorBudget.SreWorkbookAlerts[0], 2, 0.1, 0.99));
    }

    // Issue 12, section 2: burn rates from the decimals as written. Reference: the same quotient in System.Decimal, which
    // holds 0.0144 and 1 − 0.999 exactly; the thresholds are the SRE Workbook's table 5-8 (14.4, 6, 3).
    [Theory]
    [InlineData(0, "0.0144", "0.999")]  // the book's own example: 1.44 % errors at 99.9 % is a 14.4× burn and pages
    [InlineData(0, "0.0072", "0.9995")] // 14.4× at 99.95 %
    [InlineData(1, "0.0006", "0.9999")] // 6× at 99.99 %
    [InlineData(2, "0.0003", "0.9999")] // 3× at 99.99 %
    public void Fires_exactly_at_the_threshold_with_the_decimals_as_written(int alert, string errorRate, string slo)
    {
        var e = decimal.Parse(errorRate, System.Globalization.CultureInfo.InvariantCulture);
        var s = decimal.Parse(slo, System.Globalization.CultureInfo.InvariantCulture);
        var threshold = ErrorBudget.SreWorkbookAlerts[alert].BurnRate;
        Assert.Equal((decimal)threshold, e / (1 - s)); // the reference: exactly at the threshold
        Assert.Equal((double)(e / (1 - s)), ErrorBudget.BurnRate((double)e, (double)s));
        Assert.True(ErrorBudget.Fires(ErrorBudget.SreWorkbookAlerts[alert], (double)e, (double)e, (double)s));

        // A hair below the threshold (one unit in the last written digit less) does not fire.
        var below = (double)(e - 0.00000001m);
        Assert.False(ErrorBudget.Fires(ErrorBudget.SreWorkbookAlerts[alert], below, (double)e, (double)s));
    }

    [Fact]
    public void Property_fires_agrees_with_decimal_arithmetic_near_and_away_from_the_threshold()
    {
        // Reference: e / (1 − SLO) ≥ θ in System.Decimal, which holds these decimals exactly. Error rates are drawn around
        // the threshold (a few units of the last digit either side) and far from it, so both the double fast path and
        // the exact comparison are exercised.
        var alerts = ErrorBudget.SreWorkbookAlerts;
        Gen.Select(Gen.Int[0, alerts.Count - 1], Gen.Int[1, 99_999], Gen.Long[-3, 3], Gen.Int[0, 1_000_000]).Sample((a, s, nudge, far) =>
        {
            var alert = alerts[a];
            var slo = s / 100_000m;
            var atThreshold = (decimal)alert.BurnRate * (1 - slo);
            var errorRate = far % 2 == 0 ? atThreshold + (nudge / 100_000_000m) : far / 1_000_000m;
            if (errorRate is < 0 or > 1)
            {
                return;
            }

            var expected = errorRate / (1 - slo) >= (decimal)alert.BurnRate;
            Assert.Equal(expected, ErrorBudget.Fires(alert, (double)errorRate, (double)errorRate, (double)slo));
        }, iter: 20_000);
    }

    [Fact]
    public void BurnRate_reads_an_slo_with_sixteen_nines_as_written()
    {
        // 1 − 0.9999999999999999 = 1E-16 exactly (a 15-digit conversion makes the SLO 1 and the burn rate +∞).
        var reference = 0.001m / (1m - 0.9999999999999999m);
        Assert.Equal(1e13m, reference);
        Assert.Equal((double)reference, ErrorBudget.BurnRate(0.001, 0.9999999999999999));
    }

    [Fact]
    public void Remaining_reads_the_slo_as_written_like_AllowedFailures()
    {
        // 1000 requests at 99.9 % allow exactly 1 failure (decimal: 1000 × 0.001 = 1); after it, exactly nothing is left
        // (reading the SLO as binary gives 8.9e-16).
        Assert.Equal(1, ErrorBudget.AllowedFailures(1000, 0.999));
        Assert.Equal(0.0, ErrorBudget.Remaining(1000, 1, 0.999));
        Assert.Equal(0.75, ErrorBudget.Remaining(1_000_000, 250, 0.999)); // 1 − 250 / 1000
        Assert.Equal(0.0, ErrorBudget.Remaining(10_000_000_000_000_000, 1, 0.9999999999999999)); // 1e16 × 1e-16 = 1 allowed
    }

    [Fact]
    public void Property_remaining_agrees_with_decimal_arithmetic_and_with_AllowedFailures()
    {
        // Reference: 1 − f / (n × (1 − SLO)) in System.Decimal, the SLO written with up to five decimals (exact in decimal).
        // Tolerance: the decimal quotient has 28 digits, the result is rounded once to double: 1e-15 relative or 1e-15 absolute.
        Gen.Select(Gen.Long[1, 10_000_000_000], Gen.Int[1, 99_999], Gen.Long[0, 10_000_000]).Sample((n, s, f) =>
        {
            var slo = s / 100_000m;
            var expected = (double)(1 - (f / (n * (1 - slo))));
            var actual = ErrorBudget.Remaining(n, f, (double)slo);
            Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1, Math.Abs(expected)), $"n {n}, f {f}, slo {slo}: {actual} vs {expected}");

            // One convention: spending exactly the allowed failures never leaves a negative budget, one more always does.
            var allowed = ErrorBudget.AllowedFailures(n, (double)slo);
            Assert.True(ErrorBudget.Remaining(n, allowed, (double)slo) >= 0);
            Assert.True(ErrorBudget.Remaining(n, allowed + 1, (double)slo) < 0);
        }, iter: 20_000);
    }

    [Fact]
    public void TimeToExhaustion_longer_than_a_TimeSpan_names_the_burn_rate()
    {
        // 30 days × 24 h / 1e-6 = 7.2e8 hours, beyond TimeSpan's 2.56e8 hours (it used to throw OverflowException).
        var e = ArgumentAssert.Bad("burnRate", () => ErrorBudget.TimeToExhaustion(1e-6));
        Assert.Contains("7.2E+08 hours", e.Message);
    }

    [Fact]
    public void BurnRate_divides_the_numbers_as_written_so_an_alert_fires_exactly_at_its_threshold()
    {
        // 0.0144 / 0.001 = 14.4; in binary floating point 0.0144 / 0.001 is 14.399999999999999.
        Assert.Equal(14.4, ErrorBudget.BurnRate(0.0144, 0.999));
        Assert.True(ErrorBudget.Fires(ErrorBudget.SreWorkbookAlerts[0], 0.0144, 0.0144, 0.999));
        Assert.False(ErrorBudget.Fires(ErrorBudget.SreWorkbookAlerts[0], 0.0143, 0.0144, 0.999));
    }

    [Fact]
    public void MinutesUntilFires_is_the_long_window_times_the_share_of_the_step_it_must_take()
    {
        var page1h = ErrorBudget.SreWorkbookAlerts[0];
        // 60 min × (14.4 × 0.001 − 0.0005) / (0.05 − 0.0005) = 60 × 139 / 495 = 16.8484… min.
        Assert.Equal(60.0 * 139 / 495, ErrorBudget.MinutesUntilFires(page1h, 0.0005, 0.05, 0.999)!.Value, 9);
        // Exactly at the threshold: the whole long window must be incident, 60 min.
        Assert.Equal(60, ErrorBudget.MinutesUntilFires(page1h, 0.0005, 0.0144, 0.999)!.Value, 9);
        Assert.Null(ErrorBudget.MinutesUntilFires(page1h, 0.0005, 0.014, 0.999));   // below 14.4×: never
        Assert.Equal(0, ErrorBudget.MinutesUntilFires(page1h, 0.02, 0.03, 0.999));  // the steady rate alone fires it
    }

    [Theory]
    [InlineData(0.05, 0)]      // 14.4× page after 16.8 min; 6× after 360 × 0.0055/0.0495 = 40 min
    [InlineData(0.0144, 0)]    // exactly 14.4×: 60 min; 6× at 360 × 0.0055/0.0139 = 142 min
    [InlineData(0.01, 1)]      // 10×: 6× at 360 × 0.0055/0.0095 = 208.4 min; 1× over 3 d at 4320 × 0.0005/0.0095 = 227.4; 3× at 378.9
    [InlineData(0.002, 3)]     // 2×: only the 1× ticket, at 4320 × 0.0005/0.0015 = 1440 min
    [InlineData(0.0008, null)] // 0.8×: nothing fires
    public void FirstToFire_after_a_step_from_the_normal_0_05_percent(double incident, int? expected)
    {
        Assert.Equal(expected, ErrorBudget.FirstToFire(0.0005, incident, 0.999));
    }
}
