using System.Globalization;

namespace ServingMath.Tests;

public class MeasurementsTests
{
    internal static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    [Fact]
    public void Decode_steps_load_with_batch_1_at_512_taking_7_2576_ms()
    {
        var rows = Measurements.LoadDecodeSteps(Data("decode_by_batch.csv"));
        Assert.Equal(23, rows.Count);
        Assert.Equal(new DecodeStep(1, 512, 7.2576, 137.8, 10.3676, 0.062, 5.339), rows[0]);
        var big = rows.Single(r => r.Batch == 256 && r.ContextTokens == 512);
        Assert.Equal(15.6515, big.TpotMs);
        Assert.Equal(16356.2, big.TokensPerSecond);
        Assert.Equal(new[] { 512, 2048, 8192 }, rows.Select(r => r.ContextTokens).Distinct());
    }

    [Fact]
    public void Decode_throughput_column_is_batch_over_step_time_and_kv_column_is_the_formula()
    {
        foreach (var r in Measurements.LoadDecodeSteps(Data("decode_by_batch.csv")))
        {
            // tokens/s = b × 1000 / TPOT (file rounds to 0.1 tokens/s).
            Assert.Equal(r.Batch * 1000.0 / r.TpotMs, r.TokensPerSecond, 0.1);
            // KV GiB = b × context × 131 072 B / 2³⁰ (file rounds to 3 decimals).
            Assert.Equal(r.Batch * (double)r.ContextTokens * 131072 / (1 << 30), r.KvCacheGib, 0.001);
        }
    }

    [Fact]
    public void Prefill_loads_eight_prompt_lengths_with_2048_taking_56_716_ms()
    {
        var rows = Measurements.LoadPrefill(Data("prefill_by_prompt.csv"));
        Assert.Equal(new[] { 128, 256, 512, 1024, 2048, 4096, 8192, 16384 }, rows.Select(r => r.PromptTokens));
        Assert.Equal(new PrefillTiming(2048, 56.716, 36110.0, 599.3), rows[4]);
        foreach (var r in rows)
        {
            // prefill tokens/s = prompt × 1000 / TTFT, within the file's rounding (0.1 %).
            Assert.Equal(1, r.PromptTokens * 1000.0 / r.TtftMs / r.PrefillTokensPerSecond, 0.001);
        }
    }

    [Fact]
    public void Kv_bytes_measured_equal_the_formula_two_times_layers_heads_dim_bytes()
    {
        var rows = Measurements.LoadKvBytes(Data("kv_bytes_per_token.csv"));
        Assert.Equal(4, rows.Count);
        var llama3 = rows.Single(r => r.Model == "llama-3-8b");
        Assert.Equal(2 * 32 * 8 * 128 * 2, llama3.FormulaBytesPerToken); // 131 072 B = 128 KiB
        Assert.Equal(512 * 1024, rows.Single(r => r.Model == "llama-2-7b").FormulaBytesPerToken);
        foreach (var r in rows)
        {
            Assert.Equal(2L * r.Layers * r.KvHeads * r.HeadDim * r.DtypeBytes, r.FormulaBytesPerToken);
            Assert.Equal(r.FormulaBytesPerToken, r.MeasuredBytesPerToken);
        }
    }

    [Fact]
    public void Numbers_parse_the_same_under_a_comma_decimal_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(7.2576, Measurements.LoadDecodeSteps(Data("decode_by_batch.csv"))[0].TpotMs);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_missing_file_names_the_file_and_points_to_notebooks_data()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Measurements.LoadPrefill("nowhere/prefill_by_prompt.csv"));
        Assert.Contains("prefill_by_prompt.csv", e.Message);
        Assert.Contains("notebooks/data", e.Message);
    }

    [Fact]
    public void A_bad_header_and_a_bad_number_name_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var header = Path.Combine(dir.FullName, "decode.csv");
            File.WriteAllText(header, "batch,context,tpot_ms\n1,512,7.2\n");
            var h = Assert.Throws<InvalidDataException>(() => Measurements.LoadDecodeSteps(header));
            Assert.Contains("line 1", h.Message);
            Assert.Contains("batch,context_tokens,tpot_ms", h.Message);

            var number = Path.Combine(dir.FullName, "prefill.csv");
            File.WriteAllText(number, "prompt_tokens,ttft_ms,prefill_tokens_per_s,achieved_tflops\n128,23.2,5514.0,88.7\n256,fast,11924.0,192.3\n");
            var n = Assert.Throws<InvalidDataException>(() => Measurements.LoadPrefill(number));
            Assert.Contains("line 3, column 2 (ttft_ms)", n.Message);
            Assert.Contains("'fast'", n.Message);

            var columns = Path.Combine(dir.FullName, "kv.csv");
            File.WriteAllText(columns, "model,layers,kv_heads,head_dim,dtype_bytes,tokens,measured_cache_bytes,formula_bytes_per_token\nx,1,2\n");
            Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => Measurements.LoadKvBytes(columns)).Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
