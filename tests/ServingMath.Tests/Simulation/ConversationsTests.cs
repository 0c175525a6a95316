using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

/// <summary>The multi-turn workload by hand, and the simulator's cache hits on it against <see cref="PrefixCaching.Conversation"/>.</summary>
public class ConversationsTests
{
    [Fact]
    public void Each_turn_repeats_the_conversation_so_far_and_shares_it_under_the_conversation()
    {
        // S = 100, every question 10 tokens, every answer 20: prompts 110, 110 + 20 + 10 = 140, 140 + 30 = 170;
        // each turn shares its prompt + answer (130, 160, 190), which the next turn repeats.
        var chat = Conversations.MultiTurn(1, 2, turns: 3, seed: 5, systemPromptTokens: 100, userTokens: _ => 10, answerTokens: _ => 20, thinkSeconds: 4);
        Assert.Equal(6, chat.Count);
        var starts = Arrivals.Poisson(1, 2, seed: 5); // the conversations start at the same Poisson times
        foreach (var c in new[] { 0, 1 })
        {
            var turns = chat.Where(r => r.PrefixId == $"conversation-{c}").ToList();
            Assert.Equal([$"c{c}-t1", $"c{c}-t2", $"c{c}-t3"], turns.Select(t => t.RequestId));
            Assert.Equal([110, 140, 170], turns.Select(t => t.PromptTokens));
            Assert.Equal([130, 160, 190], turns.Select(t => t.PrefixTokens));
            Assert.Equal(starts[c].ArrivalSeconds, turns[0].ArrivalSeconds, 12);
            for (var k = 1; k < 3; k++)
            {
                // Think time uniform on [0.5, 1.5] × 4 s.
                Assert.InRange(turns[k].ArrivalSeconds - turns[k - 1].ArrivalSeconds, 2, 6);
            }
        }

        Assert.Equal(chat.Select(r => r.ArrivalSeconds).Order(), chat.Select(r => r.ArrivalSeconds));
    }

    [Fact]
    public void The_simulator_finds_exactly_the_blocks_the_closed_form_counts()
    {
        // One replica with room for everything, turns 60 s apart on average (each answer is long done): turn 1 of a
        // conversation finds nothing (the simulator shares the system prompt within a conversation only), and turn k finds
        // ⌊(p₍ₖ₋₁₎ + a₍ₖ₋₁₎ − 1)/16⌋ blocks — PrefixCaching.Conversation with S = 0 and the first question = S + u₁.
        var chat = Conversations.MultiTurn(0.5, 20, turns: 4, seed: 3, systemPromptTokens: 700,
            userTokens: r => r.Next(1, 200), answerTokens: r => r.Next(1, 120), thinkSeconds: 60);
        var config = new LlmServingConfig
        {
            StepCost = RooflineStepCost.Llama3_8B_H100,
            Scheduler = SchedulerPolicy.VllmV1,
            KvAllocation = KvAllocation.OnDemand,
            KvCacheTokens = 1_000_000,
            PrefixCaching = true,
        };
        var trace = Simulator.LlmReplicas(config, chat).Trace;
        var checkedTurns = 0;
        foreach (var conversation in chat.Select((r, i) => (r, i)).GroupBy(x => x.r.PrefixId))
        {
            var turns = conversation.ToList();
            var questions = new int[turns.Count];
            var answers = turns.Select(t => t.r.OutputTokens).ToArray();
            questions[0] = turns[0].r.PromptTokens;
            for (var k = 1; k < turns.Count; k++)
            {
                questions[k] = turns[k].r.PromptTokens - turns[k - 1].r.PromptTokens - turns[k - 1].r.OutputTokens;
            }

            var expected = PrefixCaching.Conversation(0, questions, answers);
            for (var k = 0; k < turns.Count; k++)
            {
                Assert.Equal(expected[k].CachedTokens, trace[turns[k].i].CachedTokens);
                checkedTurns++;
            }
        }

        Assert.Equal(80, checkedTurns);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        ArgumentAssert.Bad("conversationsPerSecond", () => Conversations.MultiTurn(0, 1, 1, 1, 0, _ => 1, _ => 1, 1));
        ArgumentAssert.Bad("turns", () => Conversations.MultiTurn(1, 1, 0, 1, 0, _ => 1, _ => 1, 1));
        ArgumentAssert.Bad("thinkSeconds", () => Conversations.MultiTurn(1, 1, 1, 1, 0, _ => 1, _ => 1, 0));
        ArgumentAssert.Bad("answerTokens", () => Conversations.MultiTurn(1, 1, 1, 1, 0, _ => 1, _ => 0, 1));
    }
}
