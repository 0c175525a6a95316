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
