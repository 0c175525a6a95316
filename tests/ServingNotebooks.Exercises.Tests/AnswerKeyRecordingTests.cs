using ServingMath;

namespace ServingNotebooks.Exercises.Tests;

/// <summary>The answer-key members of notebooks 6–10's parts record themselves, so a check or the grader sees them used.</summary>
public class AnswerKeyRecordingTests
{
    public static TheoryData<string> Members => [.. Calls.Keys];

    private static readonly Dictionary<string, Action> Calls = new()
    {
        ["Batching.ParetoFront"] = () => Batching.ParetoFront([1, 2], [1, 2]),
        ["Batching.RooflineCrossoverBatch"] = () => Batching.RooflineCrossoverBatch(KvCache.Llama3_8B, 0, 3.021e12, 780e12),
        ["Queueing.SquareRootStaffing"] = () => Queueing.SquareRootStaffing(4, 0.5),
        ["Queueing.SquareRootStaffingCapacity"] = () => Queueing.SquareRootStaffingCapacity(6, 0.5),
        ["ErrorBudget.HourBudgetRunsOut"] = () => ErrorBudget.HourBudgetRunsOut([1, 2], 1000, 0.999),
        ["ErrorBudget.AllowedFailures"] = () => ErrorBudget.AllowedFailures(1000, 0.999),
        ["Tracing.Audit"] = () => Tracing.Audit(new StringReader("")),
        ["Tracing.ReadJsonLines"] = () => Tracing.ReadJsonLines(new StringReader("")),
        ["Autoscaling.ReplicasForWaitSlo"] = () => Autoscaling.ReplicasForWaitSlo(120, 30, 0.1),
        ["Autoscaling.Compare"] = () => Autoscaling.Compare(120, 30, 0.75, 0.1),
        ["Queueing.WaitTimePercentile"] = () => Queueing.WaitTimePercentile(120, 30, 6, 0.99),
        ["Queueing.ProbabilityWaitAtMost"] = () => Queueing.ProbabilityWaitAtMost(120, 30, 6, 0.1),
        ["Queueing.ServersForWaitProbability"] = () => Queueing.ServersForWaitProbability(4, 0.01),
        ["ErrorBudget.BurnRate"] = () => ErrorBudget.BurnRate(0.05, 0.999),
        ["ErrorBudget.TimeToExhaustion"] = () => ErrorBudget.TimeToExhaustion(50),
        ["ErrorBudget.MinutesUntilFires"] = () => ErrorBudget.MinutesUntilFires(ErrorBudget.SreWorkbookAlerts[0], 0.0005, 0.05, 0.999),
        ["ErrorBudget.FirstToFire"] = () => ErrorBudget.FirstToFire(0.0005, 0.05, 0.999),
        ["Degradation.GoodputFraction"] = () => Degradation.GoodputFraction(120, 30, 6, 29, 9, 129, 10),
        ["Degradation.BestGoodputAction"] = () => Degradation.BestGoodputAction(170, 6, [30, 60], [29, 29], [9, 9], 200, 25),
        ["Tracing.Percentile"] = () => Tracing.Percentile([1, 2, 3], 0.5),
        ["Tracing.Slowest"] = () => Tracing.Slowest([new RequestTrace("r", 0, 1, 1, 10, 10, 100)]),
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void The_member_records_itself_while_a_watch_is_open(string member)
    {
        using var watch = AnswerKey.Watch();
        Calls[member]();
        Assert.Contains(member, watch.Members);
        Assert.Equal([member], watch.Used([member]));
    }

    [Fact]
    public void Building_blocks_the_parts_allow_do_not_record_an_answer_key_of_theirs()
    {
        using var watch = AnswerKey.Watch();
        _ = Batching.RooflineStep(KvCache.Llama3_8B, 8, 512, 3.021e12, 780e12);   // allowed in 6(c)
        _ = ErrorBudget.Fires(ErrorBudget.SreWorkbookAlerts[0], 0.05, 0.05, 0.999); // allowed in 8(c)
        _ = Queueing.ErlangC(6, 4);                                                // allowed in 7(c) and 9(b)
        Assert.Empty(watch.Used(["Batching.RooflineCrossoverBatch", "ErrorBudget.FirstToFire", "ErrorBudget.MinutesUntilFires",
            "Autoscaling.ReplicasForWaitSlo", "Queueing.WaitTimePercentile", "Queueing.ProbabilityWaitAtMost", "Degradation.GoodputFraction"]));
    }
}
