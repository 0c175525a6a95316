using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>The step record against the hand-worked schedule of four simultaneous requests (SchedulerPolicyTests).</summary>
public class StepRecordTests
{
    [Fact]
    public void Each_step_says_who_decoded_prefilled_got_a_first_token_and_finished_with_times_in_milliseconds()
    {
        // Step cost 10 ms + 0.1 ms per prompt token, budget 256, four requests of 100 prompt + 3 output tokens at t = 0;
        // KV reserved for the true length: ⌈103 / 16⌉ = 7 blocks each.
        // step 0 (0–35.6):    prefill r0:100, r1:100, r2:56; r3 waits      → first tokens r0, r1; 3 running (21 blocks), 1 waiting
        // step 1 (35.6–60):   decode r0, r1; prefill r2:44, r3:100          → first tokens r2, r3; 4 running (28 blocks)
        // step 2 (60–70):     decode all four                               → r0, r1 finish
        // step 3 (70–80):     decode r2, r3                                 → r2, r3 finish; 2 running (14 blocks)
        ArrivalRequest[] arrivals = [new(0, 100, 3), new(0, 100, 3), new(0, 100, 3), new(0, 100, 3)];
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with { StepCost = new LinearStepCost(10, 0, 0, 0.1), MaxNumBatchedTokens = 256 };
        var steps = Simulator.LlmReplicas(config, arrivals).Steps;
        Assert.Equal([0, 1, 2, 3], steps.Select(s => s.Step));
        Assert.Equal([0.0, 35.6, 60, 70], steps.Select(s => Math.Round(s.StartMs, 9)));
        Assert.Equal([35.6, 60, 70, 80], steps.Select(s => Math.Round(s.EndMs, 9)));
        Assert.Equal([[], [0, 1], [0, 1, 2, 3], [2, 3]], steps.Select(s => s.Decoded.ToArray()));
        Assert.Equal(
            [[(0, 100), (1, 100), (2, 56)], [(2, 44), (3, 100)], [], []],
            steps.Select(s => s.Prefilled.Select(e => (e.Request, e.Tokens)).ToArray()));
        Assert.Equal([[0, 1], [2, 3], [], []], steps.Select(s => s.FirstToken.ToArray()));
        Assert.Equal([[], [], [0, 1], [2, 3]], steps.Select(s => s.Finished.ToArray()));
        Assert.All(steps, s => Assert.Empty(s.Preempted));
        Assert.Equal([(1, 3, 21L), (0, 4, 28L), (0, 4, 28L), (0, 2, 14L)], steps.Select(s => (s.Waiting, s.Running, s.KvBlocksInUse)));
        // r2's first chunk samples nothing; its last chunk samples its first token.
        Assert.Equal([1, 1, 0], steps[0].Batch.Select(e => e.Emitted));
    }

    [Fact]
    public void Reserving_a_fixed_max_model_len_holds_the_same_blocks_for_every_request()
    {
        // Blocks of 4, 16 tokens = 4 blocks. max_model_len 8 reserves ⌈8 / 4⌉ = 2 blocks per request, whatever its length:
        // of four requests (prompt 2, 2 out) two run at once. step 1: r0:2, r1:2; step 2: both decode, done at 20;
        // steps 3, 4: r2, r3 the same, done at 40. Reserving prompt + max_tokens 2 instead takes ⌈4 / 4⌉ = 1 block: all four at once.
        var arrivals = Enumerable.Range(0, 4).Select(_ => new ArrivalRequest(0, 2, 2)).ToArray();
        var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with
        {
            KvAllocation = KvAllocation.ReserveMaximum,
            KvBlockTokens = 4,
            KvCacheTokens = 16,
            MaxModelLen = 8,
        };
        var fixedLength = Simulator.LlmReplicas(config, arrivals);
        Assert.Equal(["0:2 1:2", "0:1 1:1", "2:2 3:2", "2:1 3:1"], SchedulerPolicyTests.Batches(fixedLength));
        Assert.Equal([20.0, 20, 40, 40], fixedLength.Trace.Select(t => Math.Round(t.EndToEndMs, 9)));
        Assert.Equal((2, 4L), (fixedLength.Replicas[0].MaxRunning, fixedLength.Replicas[0].MaxKvBlocksReserved));

        var maxTokens = Simulator.LlmReplicas(config with { MaxModelLen = null, MaxOutputTokens = 2 }, arrivals);
        Assert.Equal(["0:2 1:2 2:2 3:2", "0:1 1:1 2:1 3:1"], SchedulerPolicyTests.Batches(maxTokens));

        // A request longer than max_model_len (5 + 4 = 9 > 8 tokens) is rejected, as vLLM refuses it; the others run.
        var trace = Simulator.LlmReplicas(config, [new(0, 5, 4), new(0, 2, 2)]).Trace;
        Assert.Equal([RequestStatus.Rejected, RequestStatus.Ok], trace.Select(t => t.Status));
    }

    [Fact]
    public void The_kv_budget_is_the_same_number_of_blocks_under_every_policy()
    {
        ArrivalRequest[] arrivals = [new(0, 10, 5)];
        foreach (var allocation in new[] { KvAllocation.ReserveActualLength, KvAllocation.ReserveMaximum, KvAllocation.OnDemand })
        {
            var config = SchedulerPolicyTests.Config(SchedulerPolicy.VllmV1) with { KvAllocation = allocation, KvCacheTokens = 1000, MaxOutputTokens = 5 };
            Assert.Equal(62L, Simulator.LlmReplicas(config, arrivals).Replicas[0].KvBlocksCapacity); // ⌊1000 / 16⌋
        }
    }
}
