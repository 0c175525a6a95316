using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ServingMath.Simulation;

namespace ServingNotebooks.Benchmarks;

/// <summary>
/// A Stopwatch run (seconds, not minutes): median of 5 timed runs after a warm-up, in requests/s and events/s, and,
/// with --simpy, the same M/M/1 model in SimPy (simpy_mm1.py run by /usr/bin/python3) for a side-by-side ratio.
/// Run: dotnet run -c Release --project tests/ServingNotebooks.Benchmarks -- --quick [--simpy]
/// </summary>
public static class QuickRun
{
    public static void Run(bool withSimPy)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        var mm1 = Time(() => { _ = Workloads.Mm1(seed: 3); });
        Report("M/M/1 ρ=0.8", Workloads.Mm1Requests, 2L * Workloads.Mm1Requests, mm1);
        var mm4 = Time(() => { _ = Workloads.Mm4(seed: 3); });
        Report("M/M/4 ρ=0.8", Workloads.Mm1Requests, 2L * Workloads.Mm1Requests, mm4);

        var (config, arrivals) = Workloads.Llm();
        var events = Simulator.LlmReplicas(config, arrivals).Events;
        var llm = Time(() => { _ = Simulator.LlmReplicas(config, arrivals); });
        Report($"LLM 4 replicas ({(Workloads.FindData() is null ? "roofline" : "measured H100")})", arrivals.Count, events, llm);

        var (chunkedConfig, chunkedArrivals) = Workloads.LlmChunked();
        var chunkedRun = Simulator.LlmReplicas(chunkedConfig, chunkedArrivals);
        var chunked = Time(() => { _ = Simulator.LlmReplicas(chunkedConfig, chunkedArrivals); });
        Report("LLM 4 replicas, vLLM V1 chunked", chunkedArrivals.Count, chunkedRun.Events, chunked);
        Console.WriteLine($"{"",-34} ({chunkedRun.Replicas.Sum(r => r.PrefillIterations + r.DecodeSteps):N0} step-phases, {chunkedRun.Preemptions:N0} preemptions)");

        if (withSimPy)
        {
            var script = Workloads.FindUp(Path.Combine("tests", "ServingNotebooks.Benchmarks", "simpy_mm1.py"));
            if (script is null)
            {
                Console.WriteLine("simpy_mm1.py not found");
                return;
            }

            const int simPyRequests = 200_000;
            var start = new ProcessStartInfo("/usr/bin/python3", [script, "--requests", simPyRequests.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var json = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Console.WriteLine(json.Trim());
            using var doc = JsonDocument.Parse(json);
            var simPyEventsPerSecond = doc.RootElement.GetProperty("events_per_s").GetDouble();
            var ours = 2.0 * Workloads.Mm1Requests / mm1;
            Console.WriteLine($"M/M/1 events/s: ServingMath {ours:N0} vs {doc.RootElement.GetProperty("simulator").GetString()} {simPyEventsPerSecond:N0} → {ours / simPyEventsPerSecond:F0}×");
        }
    }

    private static double Time(Action action)
    {
        action(); // warm-up (JIT, tiering)
        var seconds = new double[5];
        for (var i = 0; i < seconds.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        return seconds[seconds.Length / 2];
    }

    private static void Report(string name, long requests, long events, double seconds) =>
        Console.WriteLine($"{name,-34} {seconds * 1000,8:F1} ms  {requests / seconds,14:N0} requests/s  {events / seconds,14:N0} events/s  ({events:N0} events)");
}
