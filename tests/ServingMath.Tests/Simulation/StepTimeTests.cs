using ServingMath.Simulation;

namespace ServingMath.Tests.Simulation;

public class StepTimeTests
{
    private static readonly MeasuredStepTime Decode = MeasuredH100.Decode;
    private static readonly MeasuredPrefillTime Prefill = MeasuredH100.Prefill;

    [Fact]
    public void Measured_step_time_returns_the_measured_value_at_a_measured_point()
    {
        Assert.Equal(7.2576, Decode.StepMs(1, 512), 12);
        Assert.Equal(10.2666, Decode.StepMs(32, 2048), 12);
        Assert.Equal(18.5714, Decode.StepMs(32, 8192), 12);
        Assert.Equal(new[] { 512, 2048, 8192 }, Decode.Contexts);
    }

    [Fact]
    public void Measured_step_time_interpolates_linearly_in_batch_and_in_context()
    {
        Assert.Equal((7.3327 + 7.3869) / 2, Decode.StepMs(3, 512), 12); // halfway from batch 2 to 4
        Assert.Equal(9.043 + (0.25 * (11.0814 - 9.043)), Decode.StepMs(80, 512), 12); // a quarter from 64 to 128
        Assert.Equal((7.5051 + 8.109) / 2, Decode.StepMs(8, 1280), 12); // halfway from context 512 to 2048
        // Both at once: batch 3 (halfway 2→4) at context 5120 (halfway 2048→8192).
        var at2048 = (7.8222 + 7.8697) / 2;
        var at8192 = (9.99 + 10.0366) / 2;
        Assert.Equal((at2048 + at8192) / 2, Decode.StepMs(3, 5120), 12);
    }

    [Fact]
    public void Measured_step_time_clamps_below_and_extrapolates_the_last_segment_above()
    {
        Assert.Equal(Decode.StepMs(16, 512), Decode.StepMs(16, 64), 12); // short contexts cost like 512
        // Context 8192 is measured up to batch 32: batch 64 continues the 16→32 slope.
        Assert.Equal(18.5714 + (32 * (18.5714 - 12.9775) / 16), Decode.StepMs(64, 8192), 9);
        // Beyond context 8192: the 2048→8192 slope at batch 1 continues to 14336.
        Assert.Equal(10.0291 + (6144 * (10.0291 - 7.8165) / 6144), Decode.StepMs(1, 14336), 9);
    }

    [Fact]
    public void Roofline_reproduces_the_roofline_column_of_the_measured_file()
    {
        // The file's roofline_tpot_ms = max((weights + b·c·131 072 B) / 3.021 TB/s, FLOPs / 780 TFLOP/s); rounded to 3 decimals.
        foreach (var row in Measurements.LoadDecodeSteps(MeasurementsTests.Data("decode_by_batch.csv")))
        {
            Assert.Equal(row.RooflineTpotMs, RooflineStepTime.Llama3_8B_H100.StepMs(row.Batch, row.ContextTokens), 0.0015);
            Assert.True(row.TpotMs >= row.RooflineTpotMs, "a measured step can't beat its roofline");
        }
    }

    [Fact]
    public void Roofline_switches_to_compute_bound_when_flops_dominate()
    {
        // 0.5 G parameters in 2 bytes: W = 1 GB at 1 TB/s = 1 ms; 2 × 0.5 GFLOP/token at 1 TFLOP/s = 1 ms per sequence:
        // batch 4 → 4 ms compute > 1 ms memory. (1 layer × 1 head × 1 dim: 4 B/token of KV, negligible.)
        var tiny = new ModelShape("tiny", 1, 1, 1, 2, 500_000_000);
        var model = new RooflineStepTime(tiny, 1e12, 1e12);
        Assert.Equal(1.0, model.StepMs(1, 100), 6);
        Assert.Equal(4.0, model.StepMs(4, 100), 12);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RooflineStepTime(tiny, -5, 1));
        Assert.Equal("bandwidthBytesPerSecond", e.ParamName);
        Assert.Contains("-5", e.Message);
    }

    [Fact]
    public void Measured_prefill_interpolates_by_prompt_length_and_clamps_short_prompts()
    {
        Assert.Equal(56.716, Prefill.PrefillMs(2048), 12);
        Assert.Equal((56.716 + 113.879) / 2, Prefill.PrefillMs(3072), 12);
        Assert.Equal(23.212, Prefill.PrefillMs(16), 12);
        Assert.Equal(544.201 + (544.201 - 248.808), Prefill.PrefillMs(24576), 9); // continues the 8192→16384 slope
    }

    [Fact]
    public void Step_models_refuse_a_batch_below_one()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Decode.StepMs(0, 512));
        Assert.Equal("batchSize", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantStepTime(0));
        Assert.Throws<ArgumentException>(() => new MeasuredStepTime([]));
    }
}
