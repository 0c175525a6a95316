namespace ServingMath.Tests;

/// <summary>
/// The library members added as answer keys of the rewritten parts (issue 21): Queueing.MaxOutputTokens (1b),
/// Queueing.SquareRootStaffingCapacity (7b), ErrorBudget.HourBudgetRunsOut (8b) and Tracing.Audit (10a), each against
/// hand computations written out here, and their errors for bad input.
/// </summary>
public class ExerciseAnswerKeyTests
{
    [Fact]
    public void MaxOutputTokens_worked_by_hand()
    {
        // n = ⌊(L / λ − prefill) / TPOT⌋ + 1, 0 when L / λ < prefill.
        Assert.Equal(188, Queueing.MaxOutputTokens(64, 16, 0.25, 0.02));      // 4 s − 0.25 = 3.75 s = 187.5 TPOTs → 187 + 1
        Assert.Equal(163, Queueing.MaxOutputTokens(256, 100, 0.021102, 0.0156515));   // (2.56 − 0.021102) / 0.0156515 = 162.2 → 163
        Assert.Equal(0, Queueing.MaxOutputTokens(10, 20, 0.6, 0.01));         // a 0.5 s stay is shorter than the 0.6 s prefill
        Assert.Equal(1, Queueing.MaxOutputTokens(1, 1, 1, 0.01));             // the stay is exactly the prefill: the first token only
        // Exact decimals: (32 / 16 − 0.1) / 0.1 = 19 exactly, so 20 tokens; binary arithmetic gives 18.999999999999996.
        Assert.Equal(18, (int)Math.Floor(((32 / 16.0) - 0.1) / 0.1));
        Assert.Equal(20, Queueing.MaxOutputTokens(32, 16, 0.1, 0.1));
    }

    [Fact]
    public void MaxOutputTokens_rejects_what_is_not_a_server()
    {
        ArgumentAssert.Bad("slots", () => Queueing.MaxOutputTokens(0, 1, 0.1, 0.01));
        ArgumentAssert.Bad("arrivalRate", () => Queueing.MaxOutputTokens(8, 0, 0.1, 0.01));
        ArgumentAssert.Bad("prefillSeconds", () => Queueing.MaxOutputTokens(8, 1, -0.1, 0.01));
        ArgumentAssert.Bad("secondsPerOutputToken", () => Queueing.MaxOutputTokens(8, 1, 0.1, 0));
        ArgumentAssert.Bad("arrivalRate", () => Queueing.MaxOutputTokens(8, 1e-300, 0.1, 0.01));
    }

    [Fact]
    public void SquareRootStaffingCapacity_worked_by_hand_and_staffs_its_fleet_exactly()
    {
        // a + β√a = c with x = √a: x = (√(β² + 4c) − β) / 2. Calculator values to 7 digits.
        Assert.Equal(4.893893, Queueing.SquareRootStaffingCapacity(6, 0.5), 6);    // √24.25 = 4.924429, x = 2.212214
        Assert.Equal(7.298438, Queueing.SquareRootStaffingCapacity(10, 1), 6);     // √41 = 6.403124, x = 2.701562
        Assert.Equal(100, Queueing.SquareRootStaffingCapacity(100, 0), 12);        // β = 0: every server full
        Assert.Equal(90.4875, Queueing.SquareRootStaffingCapacity(100, 1), 4);     // √401 = 20.024984, x = 9.512492
        // Read forwards again, the rule staffs exactly c: for every c and β, a + β√a = c (to round-off).
        foreach (var c in new[] { 1, 2, 7, 50, 1000 })
        {
            foreach (var beta in new[] { 0, 0.5, 2, 10 })
            {
                var a = Queueing.SquareRootStaffingCapacity(c, beta);
                Assert.Equal(c, a + (beta * Math.Sqrt(a)), 9);
            }
        }

        // Pooling: the load per server rises with the fleet (β = 0.5): 0.61 at 1, 0.82 at 6, 0.95 at 100.
        Assert.True(Queueing.SquareRootStaffingCapacity(1, 0.5) < Queueing.SquareRootStaffingCapacity(6, 0.5) / 6);
        Assert.True(Queueing.SquareRootStaffingCapacity(6, 0.5) / 6 < Queueing.SquareRootStaffingCapacity(100, 0.5) / 100);
    }

    [Fact]
    public void SquareRootStaffingCapacity_rejects_an_empty_fleet_and_a_negative_beta()
    {
        ArgumentAssert.Bad("servers", () => Queueing.SquareRootStaffingCapacity(0, 0.5));
        ArgumentAssert.Bad("beta", () => Queueing.SquareRootStaffingCapacity(4, -1));
        ArgumentAssert.Bad("beta", () => Queueing.SquareRootStaffingCapacity(4, double.NaN));
    }

    [Fact]
    public void HourBudgetRunsOut_worked_by_hand()
    {
        // allowed = ⌊n × (1 − SLO)⌋; the first hour whose running total exceeds it.
        Assert.Equal(3, ErrorBudget.HourBudgetRunsOut([1, 1, 600, 500], 1_000_000, 0.999));   // 1, 2, 602, 1102 > 1000
        Assert.Equal(3, ErrorBudget.HourBudgetRunsOut([0, 5, 5, 5], 10_000, 0.999));          // 10 = 10 still meets the SLO
        Assert.Null(ErrorBudget.HourBudgetRunsOut([3, 3, 3], 100_000, 0.999));                // 9 of 100
        Assert.Equal(0, ErrorBudget.HourBudgetRunsOut([101], 1_000_000, 0.9999));             // 100 allowed as written
        Assert.Null(ErrorBudget.HourBudgetRunsOut([100], 1_000_000, 0.9999));
        Assert.Null(ErrorBudget.HourBudgetRunsOut([], 5000, 0.99));
    }

    [Fact]
    public void HourBudgetRunsOut_rejects_negative_failures_naming_the_hour()
    {
        var e = ArgumentAssert.Bad("failuresPerHour", () => ErrorBudget.HourBudgetRunsOut([1, -2], 1000, 0.999));
        Assert.Contains("hour 1 has -2", e.Message, StringComparison.Ordinal);
        ArgumentAssert.Bad("slo", () => ErrorBudget.HourBudgetRunsOut([1], 1000, 1));
        ArgumentAssert.Bad("requestsInWindow", () => ErrorBudget.HourBudgetRunsOut([1], -1, 0.999));
    }

    [Fact]
    public void Audit_lists_each_broken_record_once_with_its_line_and_keeps_going()
    {
        string[] lines =
        [
            // 0: consistent: 12.5 + 40.25 = 52.75, (1052.75 − 52.75) / 100 = 10.
            """{"request_id":"a","arrival_s":0,"queue_ms":12.5,"prefill_ms":40.25,"ttft_ms":52.75,"tpot_ms":10,"prompt_tokens":9,"output_tokens":101,"e2e_ms":1052.75,"status":"ok","fallback_path":null}""",
            "",
            // 1 (line 3): TTFT 42 ms above its parts.
            """{"request_id":"b","arrival_s":1,"queue_ms":0,"prefill_ms":20,"ttft_ms":62,"tpot_ms":0,"prompt_tokens":9,"output_tokens":1,"e2e_ms":62,"status":"ok","fallback_path":null}""",
            // 2 (line 4): consistent within 0.001 ms (0.1 + 0.2 against 0.3; (2.3 − 0.3) / 2 = 1).
            """{"request_id":"c","arrival_s":2,"queue_ms":0.1,"prefill_ms":0.2,"ttft_ms":0.3,"tpot_ms":1,"prompt_tokens":9,"output_tokens":3,"e2e_ms":2.3,"status":"ok","fallback_path":null}""",
            // 3 (line 5): the last token before the first.
            """{"request_id":"d","arrival_s":3,"queue_ms":1,"prefill_ms":1,"ttft_ms":2,"tpot_ms":0,"prompt_tokens":9,"output_tokens":0,"e2e_ms":1,"status":"ok","fallback_path":null}""",
            // 4 (line 6): not JSON at all.
            "{not json",
        ];
        var findings = Tracing.Audit(new StringReader(string.Join('\n', lines)), "export");
        Assert.Equal([1, 3, 4], findings.Select(f => f.Record));
        Assert.Equal([3, 5, 6], findings.Select(f => f.Line));
        Assert.Contains("ttft_ms", findings[0].Problem, StringComparison.Ordinal);
        Assert.Contains("e2e_ms", findings[1].Problem, StringComparison.Ordinal);
        Assert.StartsWith("export line 6", findings[2].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_finds_the_five_records_broken_by_hand_in_the_collector_export()
    {
        // notebooks/data/README.md lists them: r0006, r0012, r0018, r0024, r0031 (records 5, 11, 17, 23, 30 of 40).
        var path = Path.Combine(AppContext.BaseDirectory, "data", "collector-export.jsonl");
        Assert.Equal([5, 11, 17, 23, 30], Tracing.Audit(path).Select(f => f.Record));
        Assert.Throws<FileNotFoundException>(() => Tracing.Audit(Path.Combine(AppContext.BaseDirectory, "data", "absent.jsonl")));
    }
}
