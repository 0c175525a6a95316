namespace ServingMath.Tests;

/// <summary>
/// Cold start, the backlog of a scale-up lag, the HPA's rule and the fluid replay of an autoscaled fleet, each against a
/// timeline worked by hand in the comments (every step written out).
/// </summary>
public class ScalingDynamicsTests
{
    [Fact]
    public void Cold_start_adds_provisioning_weight_loading_and_engine_start()
    {
        // 120 s + 16.06 GB / 2 GB/s + 60 s = 120 + 8.03 + 60 = 188.03 s.
        Assert.Equal(188.03, ColdStart.Seconds(16.06, 2, 60, 120), 10);
        // Without a node to provision: 16.06 / 0.5 + 30 = 32.12 + 30 = 62.12 s.
        Assert.Equal(62.12, ColdStart.Seconds(16.06, 0.5, 30), 10);
        ArgumentAssert.Bad("gigabytesPerSecond", () => ColdStart.Seconds(16, 0, 60));
        ArgumentAssert.Bad("engineStartSeconds", () => ColdStart.Seconds(16, 2, -1));
    }

    [Fact]
    public void Queued_requests_follow_the_fluid_backlog_minute_by_minute()
    {
        // Capacity 120/min. Minute 0: 100 < 120, b = 0. Minute 1: 0 + 150 − 120 = 30. Minute 2: 30 + 30 = 60.
        Assert.Equal(60, ScaleUpLag.QueuedRequests([100, 150, 150, 150], 120, 3));
        // A dip drains part of it: 200 − 100 = 100; 100 + 50 − 100 = 50; 50 + 200 − 100 = 150.
        Assert.Equal(150, ScaleUpLag.QueuedRequests([200, 50, 200], 100, 3));
        // The backlog never goes below 0: 0 → max(0, 0 + 10 − 100) = 0 → 0 + 150 − 100 = 50.
        Assert.Equal(50, ScaleUpLag.QueuedRequests([10, 150], 100, 2));
        // Replicas ready at once: nothing queued.
        Assert.Equal(0, ScaleUpLag.QueuedRequests([500], 100, 0));
        ArgumentAssert.Bad("readyMinute", () => ScaleUpLag.QueuedRequests([1, 2], 1, 3));
        ArgumentAssert.Bad("arrivalsPerMinute[1]", () => ScaleUpLag.QueuedRequests([1, -2], 1, 1));
    }

    [Theory]
    [InlineData(30, 2, 10, 3)]    // ratio 30 / 20 = 1.5 → ⌈30 / 10⌉ = 3
    [InlineData(21, 2, 10, 2)]    // ratio 1.05: within 0.1 of 1, stay at 2
    [InlineData(11, 10, 1, 10)]   // ratio exactly 1.1 in decimal: within the tolerance (float64 gives 1.1000000000000001)
    [InlineData(12, 10, 1, 12)]   // ratio 1.2 → 12
    [InlineData(5, 3, 10, 1)]     // ratio 0.1667 → ⌈0.5⌉ = 1
    [InlineData(0, 4, 5, 0)]      // nothing waiting: 0 (the caller's minimum applies)
    public void Desired_replicas_apply_the_tolerance_then_round_up(double total, int current, double target, int expected)
    {
        Assert.Equal(expected, HorizontalAutoscaler.DesiredReplicas(total, current, target));
    }

    [Fact]
    public void Replicas_scale_up_at_once_and_down_after_the_window()
    {
        // Sync 0: 30 / (2 × 10) = 1.5 → 3, up at once. Sync 1: 30 / 30 = 1 → 3. Sync 2: 5 / 30 → ⌈0.5⌉ = 1, but the window
        // of 2 syncs holds [3, 1]: stay at 3. Sync 3: window [1, 1] → 1.
        Assert.Equal([3, 3, 3, 1], HorizontalAutoscaler.Replicas([30, 30, 5, 5], 2, 10, 2));
        // W = 1 (no stabilization) drops at sync 2 already.
        Assert.Equal([3, 3, 1, 1], HorizontalAutoscaler.Replicas([30, 30, 5, 5], 2, 10, 1));
        // A metric of 0 asks for 0; the fleet keeps at least 1.
        Assert.Equal([1, 1], HorizontalAutoscaler.Replicas([0, 0], 3, 10, 1));
    }

    [Fact]
    public void Scale_up_is_limited_to_doubling_or_four_more_per_sync()
    {
        // 100 wanted from 1: max(2 × 1, 1 + 4) = 5, then max(10, 9) = 10, 20, 40, 80, then 100.
        Assert.Equal([5, 10, 20, 40, 80, 100], HorizontalAutoscaler.Replicas([100, 100, 100, 100, 100, 100], 1, 1, 20));
    }

    [Fact]
    public void Replicas_reject_bad_input_by_name()
    {
        ArgumentAssert.Bad("scaleDownWindowSyncs", () => HorizontalAutoscaler.Replicas([1], 1, 1, 0));
        ArgumentAssert.Bad("targetPerReplica", () => HorizontalAutoscaler.Replicas([1], 1, 0, 1));
        ArgumentAssert.Bad("totalMetricPerSync[0]", () => HorizontalAutoscaler.Replicas([-1], 1, 1, 1));
        ArgumentAssert.Bad("currentReplicas", () => HorizontalAutoscaler.DesiredReplicas(1, 0, 1));
    }

    [Fact]
    public void Replay_matches_a_timeline_worked_by_hand()
    {
        // μ = 10/s, load target 0.5, 15 s steps, cold start 30 s (2 steps), scale-down window 30 s (2 syncs), wait SLO 5 s.
        var policy = new ScalingPolicy { LoadTarget = 0.5, ColdStartSeconds = 30, ScaleDownWindowSeconds = 30 };
        double[] lambda = [10, 30, 30, 30, 30, 10, 10, 10];
        var t = ScalingReplay.Run(policy, lambda, 10, 5);

        // Step 0: starts settled, ⌈10 / (10 × 0.5)⌉ = 2 ready; capacity 20 ≥ 10, no queue.
        // Step 1: sync on λ = 10: load 1 replica's worth, 1 / (2 × 0.5) = 1 → 2. λ = 30 > 20: b rises 10/s from 0; late once
        //         b > 5 s × 20 = 100, i.e. after 10 s: 1/3 of 450 arrivals = 150 late; b = 150.
        // Step 2: sync: a queue stands, so the load shows 2 (saturated): 2 / 1 = 2 → ⌈2 / 0.5⌉ = 4; 2 start, ready at step 4.
        //         b = 150 > 100 all step: 450 late; b = 300.
        // Step 3: sync: load 2 of 4 replicas × 0.5 = ratio 1 → 4. 450 late; b = 450.
        // Step 4: 4 ready. sync: load 4 (saturated) / (4 × 0.5) = 2 → 8 (4 more, ready at step 6). Capacity 40: b falls 10/s
        //         from 450, above 5 × 40 = 200 all step: 450 late; b = 300.
        // Step 5: sync: 4 / (8 × 0.5) = 1 → 8. λ = 10: b falls 30/s from 300, above 200 for 100 / 30 = 3.33 s: 150 × 3.33 / 15
        //         = 33.33 late; b = max(0, 300 − 450) = 0.
        // Step 6: 8 ready. sync on λ = 10: 1 / (8 × 0.5) = 0.25 → ⌈1 / 0.5⌉ = 2; the window [8, 2] holds 8.
        // Step 7: window [2, 2] → 2: 6 replicas removed.
        Assert.Equal([2, 2, 2, 2, 4, 4, 8, 2], t.Ready);
        Assert.Equal([2, 2, 4, 4, 8, 8, 8, 2], t.Paid);
        Assert.Equal([0, 150, 300, 450, 300, 0, 0, 0], t.Backlog);
        Assert.Equal(15 * (10 + (4 * 30) + (3 * 10)), t.Requests, 9);   // 2 400
        Assert.Equal(150 + 450 + 450 + 450 + (100.0 / 3), t.LateRequests, 9);
        Assert.Equal(15.0 * (2 + 2 + 4 + 4 + 8 + 8 + 8 + 2) / 3600, t.GpuHours, 12);   // 570 GPU-seconds
        Assert.Equal(8, t.PeakReplicas);
    }

    [Fact]
    public void Queue_metric_alone_falls_back_to_the_minimum_once_the_queue_drains()
    {
        // μ = 10, queue target 50 per replica, no cold start, no window, min 1. λ = 30 throughout.
        // Step 0: a queue target alone starts at the minimum, 1 ready: b = 0 + (30 − 10) × 15 = 300.
        // Step 1: sync on b = 300: 300 / (1 × 50) = 6 → ⌈300 / 50⌉ = 6 but limited to max(2, 5) = 5; capacity 50:
        //         b = 300 − 20 × 15 = 0.
        // Step 2: sync on b = 0 → 0 → the minimum, 1: b = 300 again. The queue alone saws up and down.
        var policy = new ScalingPolicy { QueueTarget = 50, ScaleDownWindowSeconds = 0 };
        var t = ScalingReplay.Run(policy, [30, 30, 30, 30], 10, 60);
        Assert.Equal([1, 5, 1, 5], t.Ready);
        Assert.Equal([300, 0, 300, 0], t.Backlog);
    }

    [Fact]
    public void Saturated_load_metric_cannot_see_how_far_over_capacity_the_fleet_is()
    {
        // μ = 10, load target 1, SLO 0 s. Step 0: λ = 0 settles at ⌈0 / 10⌉ → the minimum, 1.
        // Step 1: sync on λ = 0 asks for 0 → the minimum 1. λ = 40 on 10/s of capacity: b rises 30/s from 0, every one of
        //         the 600 arrivals waits (SLO 0 s).
        // Steps 2, 3: a queue stands, so the load shows 1 replica's worth: 1 / (1 × 1) = 1, within the tolerance — the fleet
        //         stays at 1 while 4× its capacity arrives. 1 800 of 1 800 requests late.
        var policy = new ScalingPolicy { LoadTarget = 1, ColdStartSeconds = 30 };
        var t = ScalingReplay.Run(policy, [0, 40, 40, 40], 10, 0);
        Assert.Equal([1, 1, 1, 1], t.Ready);
        Assert.Equal(1800, t.LateRequests, 9);
        Assert.Equal(1, t.LateFraction, 12);
    }

    [Fact]
    public void Cheapest_policy_is_the_fewest_gpu_hours_within_the_budget()
    {
        // λ = [10, 20, 20, 20], μ = 10, cold start 15 s (1 step), SLO 0 s, budget 0: nobody may wait.
        // (min 1, target 1): 1 replica at 10/s; sync on λ = 10 keeps 1; λ = 20 from step 1 queues: infeasible.
        // (min 1, target 0.5): ⌈10 / 5⌉ = 2 ready (capacity 20 = λ, no queue); at step 2 the load 2 / (2 × 0.5) = 2 → 4,
        //   ready at step 3: paid [2, 2, 4, 4] = 12 × 15 s = 0.05 h.
        // (min 2, target 1): 2 ready; sync asks for 1 and 2 but the minimum holds 2: paid [2, 2, 2, 2] = 1/30 h. Cheapest.
        // (min 2, target 0.5): as (1, 0.5): 0.05 h.
        double[] lambda = [10, 20, 20, 20];
        var choice = ScalingReplay.Cheapest(new ScalingPolicy { ColdStartSeconds = 15 }, lambda, 10, 0, 0, [1, 2], [1, 0.5]);
        Assert.NotNull(choice);
        Assert.Equal(2, choice.Policy.MinReplicas);
        Assert.Equal(1, choice.Policy.LoadTarget);
        Assert.Equal(8.0 * 15 / 3600, choice.Timeline.GpuHours, 12);
        Assert.Equal([2, 2, 4, 4], ScalingReplay.Run(new ScalingPolicy { ColdStartSeconds = 15, LoadTarget = 0.5 }, lambda, 10, 0).Paid);
        // No policy keeps 40/s on at most 2 replicas of 10/s: none is within the budget.
        Assert.Null(ScalingReplay.Cheapest(new ScalingPolicy { MaxReplicas = 2 }, [40, 40], 10, 0, 0, [1, 2], [1]));
    }

    [Fact]
    public void Replay_rejects_bad_input_by_name()
    {
        ArgumentAssert.Bad("capacityPerReplica", () => ScalingReplay.Run(new ScalingPolicy(), [1], 0, 1));
        ArgumentAssert.Bad("arrivalRatePerStep[1]", () => ScalingReplay.Run(new ScalingPolicy(), [1, -1], 1, 1));
        ArgumentAssert.Bad("policy.LoadTarget", () => ScalingReplay.Run(new ScalingPolicy { LoadTarget = 1.5 }, [1], 1, 1));
        ArgumentAssert.Bad("policy", () => ScalingReplay.Run(new ScalingPolicy { MinReplicas = 3, MaxReplicas = 2 }, [1], 1, 1));
    }

    [Fact]
    public void Diurnal_curve_has_its_trough_at_four_and_peak_at_sixteen()
    {
        // Hourly steps: 04:00 → trough 40; 16:00 → peak 200; 10:00 → cos(π/2) = 0 → 40 + 160 / 2 = 120;
        // 11:00 → 40 + 160 × (1 − cos(7π/12)) / 2 = 40 + 80 × 1.258819 = 140.7055.
        var day = LoadCurve.Diurnal(200, 40, 3600);
        Assert.Equal(24, day.Length);
        Assert.Equal(40, day[4], 9);
        Assert.Equal(200, day[16], 9);
        Assert.Equal(120, day[10], 9);
        Assert.Equal(140.7055, day[11], 4);
        // A burst ×2 for one hour from 10:00 doubles step 10 only.
        var burst = LoadCurve.Diurnal(200, 40, 3600, burstFactor: 2, burstStartSeconds: 36_000, burstSeconds: 3600);
        Assert.Equal(240, burst[10], 9);
        Assert.Equal(day[11], burst[11], 12);
        Assert.Equal(5760, LoadCurve.Diurnal(200, 40).Length);   // 86 400 / 15
        ArgumentAssert.Bad("stepSeconds", () => LoadCurve.Diurnal(200, 40, 7));
        ArgumentAssert.Bad("troughRate", () => LoadCurve.Diurnal(200, 400));
        ArgumentAssert.Bad("burstFactor", () => LoadCurve.Diurnal(200, 40, burstFactor: 0.5));
    }
}
