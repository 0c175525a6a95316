using ServingMath;
using ServingNotebooks.Grading;

namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Exercise 15's parts against timelines worked by hand, and part (c)'s search against a brute force over the grid.</summary>
public sealed class Exercise15Tests
{
    private static readonly Exercise Spec = GradingSpec.Exercises.Single(e => e.Number == 15);

    [Fact]
    public void Has_three_parts_worth_ten_points_with_off_limits_members_hidden_cases_and_a_prediction()
    {
        Assert.Equal("15-autoscaling-dynamics.ipynb", Spec.Notebook);
        Assert.Equal(["a", "b", "c", "q1", "q2"], Spec.Parts.Select(p => p.Name));
        Assert.Equal([2d, 3d, 3d, 1d, 1d], Spec.Parts.Select(p => p.Points));
        Assert.All(Spec.Parts.Where(p => p.Question is null), p => Assert.NotEmpty(p.OffLimits));
        Assert.All(Spec.Parts.Where(p => p.Question is null), p => Assert.True(p.HiddenCases.Count >= 3, $"part ({p.Name}) has {p.HiddenCases.Count} hidden cases"));
        Assert.Equal("predictedGpuHoursSaved", Assert.Single(Spec.Predictions).Variable);
    }

    [Fact]
    public void Part_a_queues_worked_minute_by_minute()
    {
        var part = Spec.Part("a");
        // Capacity 7 200/min: minutes 0 and 1 (6 300, 6 900) leave no queue; minutes 2–5 add 8 700 − 7 200 = 1 500 each.
        Assert.Equal(6000d, part.Expected);
        double[] byHand =
        [
            150,   // [200, 50, 200] at 100: 100, then 100 + 50 − 100 = 50, then 50 + 100 = 150
            0,     // ready at minute 0: nothing has arrived yet
            110,   // [90, 130, 80, 140, 160] at 100: 0 (90 < 100), 30, 30 + 80 − 100 = 10, 10 + 40 = 50, 50 + 60 = 110
        ];
        Assert.Equal(byHand, part.HiddenCases.Select(h => (double)h.Expected!));
        Assert.Equal([60d, 50d], part.VisibleCases.Select(v => (double)v.Expected!));   // 0, 30, 60; and 0, then 150 − 100
    }

    [Fact]
    public void Part_b_replica_counts_worked_sync_by_sync()
    {
        var part = Spec.Part("b");
        // Seed, start 4, target 10, window 4: 0 waiting → 0 → at least 1; 40/10 = 4; 120/(4 × 10) = 3 → 12, capped at
        // max(8, 8) = 8; 200/80 = 2.5 → 20, capped at 16; 150/160 = 0.94 (within 0.1) → 16; then the window [12, 20, 16, 6],
        // [20, 16, 6, 1], [16, 6, 1, 0] holds 16; [6, 1, 0, 0] → 6; [1, 0, 0, 0] → 1; then 1.
        Assert.Equal([1, 4, 8, 16, 16, 16, 16, 16, 6, 1, 1, 1], (int[])part.Expected!);
        int[][] hidden =
        [
            [12, 12, 12],             // 12/(10 × 1) = 1.2 → 12, under max(20, 14); then ratio 1 → 12
            [1, 1, 1, 1, 5, 5],       // 0 → 1 at once (no history); 50/10 = 5 → up to min(5, max(2, 5)); window [0, 5, 0] keeps 5
            [6, 12, 12],              // 200/5 = 40 capped at max(4, 6) = 6, then max(12, 10) = 12; 10/60 → 2, window keeps 40 → 12
        ];
        Assert.Equal(hidden, part.HiddenCases.Select(h => (int[])h.Expected!));
        int[][] visible = [[3, 3, 3, 1], [5, 10, 20, 40, 80, 100], [2, 1, 1]];   // 21/20 = 1.05 stays 2; then 0 → 1
        Assert.Equal(visible, part.VisibleCases.Select(v => (int[])v.Expected!));
    }

    [Fact]
    public void Part_c_is_the_cheapest_grid_policy_within_the_budget_by_brute_force()
    {
        var seed = Spec.Resolve(Path.Combine(ServingNotebooks.Tests.Workbook.Workbook.NotebooksFolder, "data")).Part("c");
        var day = LoadCurve.Diurnal(200, 40, 15, 1.5, 11 * 3600, 1800);
        var feasible = new List<double>();
        foreach (var minimum in new[] { 1, 2, 4, 6, 8, 10, 12, 15 })
        {
            foreach (var target in new[] { 0.5, 0.6, 0.7, 0.8, 0.9 })
            {
                var replay = ScalingReplay.Run(new ScalingPolicy { MinReplicas = minimum, LoadTarget = target, ColdStartSeconds = 188.03, MaxReplicas = 40 }, day, 20, 1);
                if (replay.LateFraction <= 0.001)
                {
                    feasible.Add(replay.GpuHours);
                }
            }
        }

        Assert.Equal(feasible.Min(), (double)seed.Expected!, 9);
        // Below the static fleet sized for the burst (⌈225.9 / 20⌉ = 12 replicas × 24 h = 288 GPU-hours) and above the day's
        // bare need (mean load 120/s ÷ 20/s = 6 replicas × 24 h = 144 GPU-hours).
        Assert.InRange((double)seed.Expected!, 144, 288);
        // Every hidden and visible case has a feasible policy (a number, not NaN), and no two cases share an answer.
        var answers = part(Spec).HiddenCases.Concat(part(Spec).VisibleCases).Select(h => (double)h.Expected!).Append((double)seed.Expected!).ToList();
        Assert.All(answers, a => Assert.True(double.IsFinite(a)));
        Assert.Equal(answers.Count, answers.Distinct().Count());

        static ExercisePart part(Exercise e) => e.Part("c");
    }
}
