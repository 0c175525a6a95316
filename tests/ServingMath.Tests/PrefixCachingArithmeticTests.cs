namespace ServingMath.Tests;

/// <summary>
/// <see cref="PrefixCaching"/> against hand computations: whole 16-token blocks only (vLLM's <c>kv_cache_utils.py</c>
/// hashes full blocks), never the last prompt token (<c>kv_cache_manager.py</c>, <c>max_cache_hit_length = num_tokens - 1</c>),
/// and a previous answer's last token is never computed.
/// </summary>
public class PrefixCachingArithmeticTests
{
    [Fact]
    public void Only_whole_blocks_and_never_the_last_prompt_token_are_served_from_the_cache()
    {
        // 1 000 shared of 1 200: ⌊1 000 / 16⌋ = 62 blocks = 992 tokens (1 000 = 62 × 16 + 8).
        Assert.Equal(992, PrefixCaching.CachedTokens(1_000, 1_200));
        // The whole 32-token prompt is cached, but its last token must run: ⌊31 / 16⌋ = 1 block.
        Assert.Equal(16, PrefixCaching.CachedTokens(32, 32));
        // 16 shared of 17: the one full block.
        Assert.Equal(16, PrefixCaching.CachedTokens(16, 17));
        // Blocks of 4: ⌊10 / 4⌋ = 2 blocks = 8 tokens.
        Assert.Equal(8, PrefixCaching.CachedTokens(10, 40, blockTokens: 4));
        Assert.Equal(0, PrefixCaching.CachedTokens(15, 100));
    }

    [Fact]
    public void A_three_turn_conversation_worked_by_hand()
    {
        // S = 1 200, questions 150, 40, 75, answers 250, 90, 180.
        // Turn 1: p = 1 200 + 150 = 1 350; cached ⌊min(1 200, 1 349)/16⌋ = 75 blocks = 1 200; prefill 150.
        // Turn 2: p = 1 350 + 250 + 40 = 1 640; turn 1 computed 1 350 + 250 − 1 = 1 599 → ⌊1 599/16⌋ = 99 blocks = 1 584; prefill 56.
        //         (Counting the answer's last token would give 1 600 = 100 blocks: wrong by a block.)
        // Turn 3: p = 1 640 + 90 + 75 = 1 805; computed 1 640 + 90 − 1 = 1 729 → 108 blocks = 1 728; prefill 77.
        var turns = PrefixCaching.Conversation(1_200, [150, 40, 75], [250, 90, 180]);
        Assert.Equal(
            [new ConversationTurn(1, 1_350, 1_200, 150), new ConversationTurn(2, 1_640, 1_584, 56), new ConversationTurn(3, 1_805, 1_728, 77)],
            turns);
        Assert.Equal(1_200 + 1_584 + 1_728, PrefixCaching.TokensSaved(1_200, [150, 40, 75], [250, 90, 180]));
    }

    [Fact]
    public void A_previous_answer_ending_on_a_block_boundary_leaves_that_block_uncached()
    {
        // S = 32, questions 16, 8, answers 16, 4. Turn 1: p = 48, cached ⌊32/16⌋ = 2 blocks = 32.
        // Turn 2: p = 48 + 16 + 8 = 72; turn 1 computed 48 + 16 − 1 = 63 tokens → 3 full blocks = 48 (not 64).
        Assert.Equal(32 + 48, PrefixCaching.TokensSaved(32, [16, 8], [16, 4]));
    }

    [Fact]
    public void Prefill_saved_on_a_straight_line_curve()
    {
        // Curve: 10 ms up to 100 tokens (flat below), then 0.1 ms per token (100 → 10 ms, 1 100 → 110 ms).
        // S = 0, questions 100, 20, answers 60, 30. Turn 1: p = 100, nothing cached: T(100) − T(100) = 0.
        // Turn 2: p = 180, cached ⌊(100 + 60 − 1)/16⌋ = 9 blocks = 144, prefill 36: T(180) − T(36) = 18 − 10 = 8 ms.
        Assert.Equal(8, PrefixCaching.PrefillMsSaved(0, [100, 20], [60, 30], [100, 1_100], [10, 110]), 12);
    }

    [Fact]
    public void Prefill_saved_on_the_measured_H100_curve()
    {
        // prefill_by_prompt.csv: 128 → 23.212 ms, 256 → 21.469, 1 024 → 29.037, 2 048 → 56.716. The conversation above:
        // turn 1 T(1 350) − T(150), turn 2 T(1 640) − T(56), turn 3 T(1 805) − T(77); below 128 tokens T is flat at 23.212.
        var data = Measurements.LoadPrefill(Path.Combine(AppContext.BaseDirectory, "data", "prefill_by_prompt.csv"));
        double Between1024And2048(int p) => 29.037 + ((p - 1_024) / 1_024.0 * (56.716 - 29.037));
        var t150 = 23.212 + ((150 - 128) / 128.0 * (21.469 - 23.212));
        var expected = (Between1024And2048(1_350) - t150) + (Between1024And2048(1_640) - 23.212) + (Between1024And2048(1_805) - 23.212);
        Assert.Equal(64.3477, expected, 4); // 14.9365 + 22.4756 + 26.9356, by hand
        var saved = PrefixCaching.PrefillMsSaved(1_200, [150, 40, 75], [250, 90, 180], [.. data.Select(r => r.PromptTokens)], [.. data.Select(r => r.TtftMs)]);
        Assert.Equal(expected, saved, 9);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        ArgumentAssert.Bad("sharedTokens", () => PrefixCaching.CachedTokens(-1, 10));
        ArgumentAssert.Bad("promptTokens", () => PrefixCaching.CachedTokens(0, 0));
        ArgumentAssert.Bad("answerTokens", () => PrefixCaching.Conversation(0, [10, 10], [5]));
        ArgumentAssert.Bad("userTokens", () => PrefixCaching.Conversation(0, [10, 0], [5, 5]));
        ArgumentAssert.Bad("userTokens", () => PrefixCaching.Conversation(0, [], []));
        ArgumentAssert.Bad("curvePrefillMs", () => PrefixCaching.PrefillMsSaved(0, [10], [5], [100, 200], [10]));
    }
}
