namespace ServingMath.Tests;

public class CoordinatedOmissionTests
{
    [Fact]
    public void Corrected_matches_hdrhistogram_js_test()
    {
        // HdrHistogramJS, "Histogram correcting coordinated omissions": recordSingleValueWithExpectedInterval(207, 100)
        // records 2 values, min 107, max 207.
        Assert.Equal([207, 107], CoordinatedOmission.Corrected([207], 100));
    }

    [Fact]
    public void Corrected_adds_one_value_per_missed_send_and_keeps_fast_ones()
    {
        // 20 < T: nothing missed. 450 with T = 100: sends due at 100, 200, 300, 400 were missed; they would have waited
        // 350, 250, 150 and 50 — HdrHistogram stops below T, so 350, 250, 150. 100 exactly: 100 − 100 = 0 < T, nothing.
        Assert.Equal([20, 450, 350, 250, 150, 100], CoordinatedOmission.Corrected([20, 450, 100], 100));
    }

    [Fact]
    public void CorrectedPercentile_is_the_type_7_percentile_of_the_corrected_sample()
    {
        // [10, 10, 10, 400] with T = 100 → [10, 10, 10, 400, 300, 200, 100]; sorted 10 10 10 100 200 300 400, median 100.
        // Uncorrected median: 10.
        Assert.Equal(100, CoordinatedOmission.CorrectedPercentile([10, 10, 10, 400], 100, 0.5), 12);
        Assert.Equal(10, Tracing.Percentile([10, 10, 10, 400], 0.5), 12);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var interval = Assert.Throws<ArgumentOutOfRangeException>(() => CoordinatedOmission.Corrected([10], 0));
        Assert.Equal("expectedInterval", interval.ParamName);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => CoordinatedOmission.Corrected([10, -1], 5));
        Assert.Equal("latencies[1]", negative.ParamName);
    }
}
