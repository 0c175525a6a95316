using static ServingNotebooks.Exercises.Notebook;

namespace ServingNotebooks.Exercises.Tests;

/// <summary>
/// The one-line check of a part, on the real specs: the notebook's inputs plus the part's visible cases, the hint steps,
/// the off-limits rule, "not answered yet". Each test uses its own part where the hint steps matter (they are per process,
/// as in a kernel).
/// </summary>
public class NotebookCheckTests
{
    // Notebook 4(a)'s inputs: 32 GB free, 0.8 GB per request. By hand: 32 / 0.8 = 40 requests.
    private const double AvailableGb = 32;
    private const double KvPerRequestGb = 0.8;

    [Fact]
    public void A_right_function_passes_the_notebooks_inputs_and_every_visible_case()
    {
        var result = Check(4, "a", () => Right.MaxRequests(AvailableGb, KvPerRequestGb));
        Assert.True(result.Passed, result.Message);
        Assert.Equal("✔ maxRequests = 40 — correct, and right on 2 other inputs (MaxRequests(32.8, 0.8); MaxRequests(10, 3)).", result.Message);
    }

    [Fact]
    public void A_constant_seed_answer_fails_in_the_notebook_on_a_visible_case()
    {
        // return 146.8168…; — the seed's answer to 7(b) (6 replicas, μ = 30/s, β = 0.5), right for the notebook's inputs only.
        var result = Check(7, "b", () => Constant.MaxArrivalRateForReplicas(6, 30, 0.5));
        Assert.False(result.Passed);
        Assert.True(result.Answered);
        Assert.StartsWith("✘ fleetCapacity is right for the notebook's inputs, but MaxArrivalRateForReplicas(10, 1.2, 1) gives 146.8", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flooring_a_binary_quotient_is_right_on_the_seed_but_caught_by_the_visible_case_32_8_over_0_8()
    {
        // In double, 32.8 / 0.8 = 40.99999999999999 and its floor is 40; as written, 32.8 / 0.8 = 41 exactly.
        Assert.Equal(40, Math.Floor(32.8 / 0.8));
        var result = Check(4, "a", () => Floored.MaxRequests(AvailableGb, KvPerRequestGb));
        Assert.False(result.Passed);
        Assert.Contains("MaxRequests(32.8, 0.8) gives 40", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_miss_gets_the_nudge_and_the_next_the_formula_never_the_expected_value()
    {
        var first = Check(2, "a", () => Wrong.Utilization(30, 50));
        var second = Check(2, "a", () => Wrong.Utilization(30, 50));
        var spec = Specs.Exercise(2).Part("a");
        Assert.Contains($"Look at: {spec.Nudge}", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(spec.Hint, first.Message, StringComparison.Ordinal);
        Assert.Contains($"Formula: {spec.Hint}", second.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0.6", first.Message + second.Message, StringComparison.Ordinal);  // 30 / 50, the expected value
    }

    [Fact]
    public void A_placeholder_and_NotImplementedException_read_not_answered_yet()
    {
        var placeholder = Check(3, "a", () => Starter.EndToEndMs(20, 100, 40, 15, 5));
        var notImplemented = Check(3, "a", () => NotDone.EndToEndMs(20, 100, 40, 15, 5));
        Assert.False(placeholder.Answered);
        Assert.False(notImplemented.Answered);
        Assert.Contains("not answered yet", placeholder.Message, StringComparison.Ordinal);
        Assert.Contains("not answered yet", notImplemented.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_that_calls_the_answer_key_is_refused_whatever_it_returns()
    {
        var result = Check(1, "a", () => ByKey.Concurrency(12, 2.0));
        Assert.False(result.Passed);
        Assert.Contains("write it yourself: Queueing.LittlesLaw is the answer key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hint_and_ShowAnswer_work_before_any_check_and_take_a_string_or_a_char()
    {
        // 5(a): $3.0 an hour at 1 000 tokens/s is 3 / 3.6 = 0.8333… dollars per million tokens, by hand.
        Assert.Equal(Hint(5, "a"), Hint(5, 'a'));
        Assert.StartsWith("Hint for 5(a): ", Hint(5, 'A'), StringComparison.Ordinal);
        Assert.Equal("Answer for 5(a): cpm = 0.8333333333 for the notebook's inputs. Now make your function give it, for any inputs: the check also runs it on inputs of its own.", ShowAnswer(5, 'a'));
    }

    [Fact]
    public void A_part_or_notebook_that_does_not_exist_is_named_in_the_error()
    {
        Assert.Contains("its parts are \"a\", \"b\", \"c\", \"q1\", \"q2\"", Assert.Throws<ArgumentException>(() => Hint(4, "d")).Message, StringComparison.Ordinal);
        Assert.Equal("number", Assert.Throws<ArgumentOutOfRangeException>(() => Hint(16, "a")).ParamName);
    }

    [Fact]
    public void An_audit_that_compares_times_exactly_is_right_on_the_export_but_caught_by_the_visible_case_of_0_1_plus_0_2()
    {
        // 10(a) on the notebook's export (read here from data/, as the notebook's cell reads it): exact comparisons find the
        // five broken records, but on the visible case whose TTFT is 0.1 + 0.2 = 0.3 ms they flag a consistent record too.
        Assert.NotEqual(0.3, 0.1 + 0.2);
        var records = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "collector-export.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        double[] Column(string field) => [.. records.Select(r => r.GetProperty(field).GetDouble())];
        int[] tokens = [.. records.Select(r => r.GetProperty("output_tokens").GetInt32())];
        var (queue, prefill, ttft, tpot, e2e) = (Column("queue_ms"), Column("prefill_ms"), Column("ttft_ms"), Column("tpot_ms"), Column("e2e_ms"));
        Assert.Equal([5, 11, 17, 23, 30], Exact.BrokenRecords(queue, prefill, ttft, tpot, e2e, tokens));

        var result = Check(10, "a", () => Exact.BrokenRecords(queue, prefill, ttft, tpot, e2e, tokens));
        Assert.False(result.Passed);
        Assert.StartsWith("✘ brokenRecords is right for the notebook's inputs, but BrokenRecords(", result.Message, StringComparison.Ordinal);
    }

    // The learner's functions, each named as the part's spec names it (the check finds the function by that name).
    private static class Right
    {
        public static int MaxRequests(double availableGb, double kvPerRequestGb) => (int)Math.Floor((decimal)availableGb / (decimal)kvPerRequestGb);
    }

    private static class Floored
    {
        public static int MaxRequests(double availableGb, double kvPerRequestGb) => (int)Math.Floor(availableGb / kvPerRequestGb);
    }

    private static class Exact
    {
        public static int[] BrokenRecords(double[] queueMs, double[] prefillMs, double[] ttftMs, double[] tpotMs, double[] e2eMs, int[] outputTokens) =>
        [
            .. queueMs.Select((_, i) => i).Where(i =>
                queueMs[i] < 0 || prefillMs[i] < 0 || ttftMs[i] < 0 || e2eMs[i] < 0 || ttftMs[i] != queueMs[i] + prefillMs[i] || e2eMs[i] < ttftMs[i]
                || tpotMs[i] != (outputTokens[i] >= 2 ? (e2eMs[i] - ttftMs[i]) / (outputTokens[i] - 1) : 0)),
        ];
    }

    private static class Constant
    {
        public static double MaxArrivalRateForReplicas(int replicas, double serviceRate, double beta) => replicas > 0 && serviceRate > 0 && beta >= 0 ? 146.81678324326458 : 0;
    }

    private static class Wrong
    {
        public static double Utilization(double arrivalRate, double serviceRate) => serviceRate / arrivalRate;
    }

    private static class Starter
    {
        public static double EndToEndMs(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs) =>
            queueMs + prefillMs + outputTokens + tpotMs + postMs > double.MinValue ? -1 : 0;
    }

    private static class NotDone
    {
        public static double EndToEndMs(double queueMs, double prefillMs, int outputTokens, double tpotMs, double postMs) => throw new NotImplementedException();
    }

    private static class ByKey
    {
        public static double Concurrency(double arrivalRate, double timeInSystem) => ServingMath.Queueing.LittlesLaw(arrivalRate, timeInSystem);
    }
}
