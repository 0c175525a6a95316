using ServingMath;
using static ServingMath.Queueing;

namespace ServingNotebooks.Exercises.Tests;

/// <summary>The answer-key watch sees every way a learner's function can reach an off-limits member, and nothing else.</summary>
public class AnswerKeyTests
{
    private static IReadOnlyList<string> Watched(Action call)
    {
        using var watch = AnswerKey.Watch();
        call();
        return watch.Members;
    }

    [Fact]
    public void An_honest_function_records_nothing()
    {
        static double Concurrency(double arrivalRate, double timeInSystem) => arrivalRate * timeInSystem;
        Assert.Empty(Watched(() => Concurrency(12, 2)));
    }

    [Fact]
    public void A_direct_call_using_static_and_a_method_group_are_all_seen()
    {
        Assert.Equal(["Queueing.LittlesLaw"], Watched(() => Queueing.LittlesLaw(12, 2)));
        Assert.Equal(["Queueing.LittlesLaw"], Watched(() => LittlesLaw(12, 2)));
        Func<double, double, double> key = Queueing.LittlesLaw;  // made before the watch opened
        Assert.Equal(["Queueing.LittlesLaw"], Watched(() => key(12, 2)));
    }

    [Fact]
    public void Reflection_a_task_and_a_thread_are_seen()
    {
        var method = typeof(Queueing).GetMethod(nameof(Queueing.LittlesLaw))!;
        Assert.Equal(["Queueing.LittlesLaw"], Watched(() => method.Invoke(null, [12.0, 2.0])));
        Assert.Equal(["Queueing.LittlesLaw"], Watched(() => Task.Run(() => Queueing.LittlesLaw(12, 2)).Wait()));
        Assert.Equal(["Queueing.LittlesLaw"], Watched(() =>
        {
            var thread = new Thread(() => Queueing.LittlesLaw(12, 2));
            thread.Start();
            thread.Join();
        }));
    }

    [Fact]
    public void A_library_member_that_computes_the_answer_internally_is_seen_too()
    {
        // Mmc computes the utilization and Erlang C: reaching Erlang C through Mmc records Erlang C.
        var seen = Watched(() => Queueing.Mmc(30, 50, 2));
        Assert.Contains("Queueing.Mmc", seen);
        Assert.Contains("Queueing.ErlangC", seen);
        Assert.Contains("Queueing.Utilization", seen);
    }

    [Fact]
    public void Calls_before_the_watch_opened_or_after_it_closed_are_not_recorded()
    {
        Queueing.LittlesLaw(1, 1);
        var watch = AnswerKey.Watch();
        Queueing.Utilization(1, 2);
        watch.Dispose();
        Queueing.LittlesLaw(1, 1);
        Assert.Equal(["Queueing.Utilization"], watch.Members);
    }

    [Fact]
    public void A_watch_the_learner_opens_and_closes_does_not_close_the_checks_watch()
    {
        using var outer = AnswerKey.Watch();
        using (AnswerKey.Watch())
        {
            Queueing.LittlesLaw(1, 1);
        }

        Queueing.ErlangB(2, 1);
        Assert.Equal(["Queueing.ErlangB", "Queueing.LittlesLaw"], outer.Members);
        Assert.Equal(["Queueing.LittlesLaw"], outer.Used(["Queueing.LittlesLaw", "Queueing.Mmc"]));
    }

    [Fact]
    public void Used_needs_a_list()
    {
        using var watch = AnswerKey.Watch();
        Assert.Equal("offLimits", Assert.Throws<ArgumentNullException>(() => watch.Used(null!)).ParamName);
    }

    [Fact]
    public void The_answer_keys_of_notebooks_1_to_5_record_themselves()
    {
        // Each member a part of notebooks 1–5 declares off limits must record itself, or the rule would not hold.
        var trace = new List<RequestTrace> { new("r", 0, 0, 10, 8, 2, 1000) };
        var calls = new (string Name, Action Call)[]
        {
            ("Queueing.LittlesLaw", () => Queueing.LittlesLaw(1, 1)),
            ("Queueing.MaxArrivalRate", () => Queueing.MaxArrivalRate(256, 2)),
            ("Queueing.MaxOutputTokens", () => Queueing.MaxOutputTokens(256, 100, 0.02, 0.015)),
            ("KvCache.MaxTokens", () => KvCache.MaxTokens(40, 163_840)),
            ("KvCache.BytesPerToken", () => KvCache.BytesPerToken(80, 8, 128, 1)),
            ("Autoscaling.Replicas", () => Autoscaling.Replicas(12_000, 4856.6, 1.0)),
            ("Cost.PerMillionTokens", () => Cost.PerMillionTokens(3, 1000)),
            ("Queueing.Mmc", () => Queueing.Mmc(1, 2, 1)),
            ("Tracing.MeanConcurrency", () => Tracing.MeanConcurrency(trace, 0, 1)),
            ("Tracing.Summarize", () => Tracing.Summarize(trace)),
        };
        foreach (var (name, call) in calls)
        {
            Assert.Contains(name, Watched(call));
        }
    }
}
