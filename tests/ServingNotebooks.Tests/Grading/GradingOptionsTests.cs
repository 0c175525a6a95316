using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading;

/// <summary>The worker's default memory limit: 4 GiB at most, and a share of what the grader may use (a container's limit).</summary>
public sealed class GradingOptionsTests
{
    [Fact]
    public void Default_memory_limit_is_at_most_4_GiB_and_a_share_per_worker()
    {
        const long fourGiB = 4L << 30;
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

        Assert.True(GradingOptions.DefaultMemoryLimitBytes(1) <= fourGiB);

        // With enough workers each one's share falls below 4 GiB: three quarters of what this process may use, split evenly.
        var many = (int)Math.Max(1, available / fourGiB + 1);
        var share = GradingOptions.DefaultMemoryLimitBytes(many);
        Assert.True(share < fourGiB, $"{many} workers: {share} bytes each");
        Assert.InRange(share * many, (available * 3 / 4) - many, available * 3 / 4);

        // Twice the workers, half the share each (to the byte, after integer division).
        Assert.InRange(GradingOptions.DefaultMemoryLimitBytes(2 * many), (share / 2) - 1, (share / 2) + 1);
    }

    [Fact]
    public void Default_memory_limit_needs_at_least_one_worker()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GradingOptions.DefaultMemoryLimitBytes(0));
        Assert.Equal("parallelism", error.ParamName);
    }
}
