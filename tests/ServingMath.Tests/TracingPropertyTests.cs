using CsCheck;
using ServingMath.Simulation;

namespace ServingMath.Tests;

/// <summary>Properties of traces: JSON Lines round trips anything valid; every simulated line obeys the TTFT/TPOT definitions.</summary>
public class TracingPropertyTests
{
    private static readonly Gen<RequestTrace> AnyTrace =
        Gen.Select(
            Gen.String[1, 12],
            Gen.Double[0, 1e5],
            Gen.Double[0, 1e5],
            Gen.Double[0, 1e4],
            Gen.Double[0, 1e6],
            Gen.Int[0, 100_000],
            Gen.Int[0, 100_000],
            Gen.Int[-1, 64])
        .Select(Gen.Enum<RequestStatus>(), Gen.String[0, 10].Null(0.5), (t, status, fallback) =>
        {
            var (id, arrival, queue, prefill, decode, prompt, output, replica) = t;
            return new RequestTrace(id, arrival, queue, prefill, prompt, output, queue + prefill + decode, status, fallback, replica);
        });

    [Fact]
    public void Any_valid_trace_survives_a_json_lines_round_trip_exactly()
    {
        AnyTrace.Array[0, 30].Sample(traces =>
        {
            var sorted = traces.OrderBy(t => t.ArrivalSeconds).ToArray();
            var writer = new StringWriter();
            Tracing.WriteJsonLines(sorted, writer);
            Assert.Equal(sorted, Tracing.ReadJsonLines(new StringReader(writer.ToString())));
        }, iter: 200);
    }

    [Fact]
    public void Every_simulated_line_has_ttft_queue_plus_prefill_and_e2e_ttft_plus_tokens_times_tpot()
    {
        Gen.Select(Gen.Double[5, 60], Gen.Int[1, 3], Gen.Int[0, 1_000_000]).Sample((rate, replicas, seed) =>
        {
            var arrivals = Arrivals.Poisson(rate, 800, seed, r => 16 + r.Next(4000), r => 1 + r.Next(200));
            var config = new LlmServingConfig
            {
                PrefillTime = new ConstantPrefillTime(20),
                StepTime = RooflineStepTime.Llama3_8B_H100,
                Replicas = replicas,
                KvCacheTokens = 20_000,
                QueueTimeoutSeconds = 1,
            };
            foreach (var t in Simulator.LlmReplicas(config, arrivals).Trace)
            {
                Assert.Equal(t.QueueMs + t.PrefillMs, t.TtftMs, 9);
                Assert.True(t.QueueMs >= 0 && t.PrefillMs >= 0);
                if (t.Status == RequestStatus.Ok)
                {
                    Assert.Equal(t.EndToEndMs, t.TtftMs + ((t.OutputTokens - 1) * t.TpotMs), 6);
                    Assert.InRange(t.Replica, 0, replicas - 1);
                    Assert.Equal(20, t.PrefillMs, 6);
                }
                else
                {
                    Assert.Equal(RequestStatus.TimedOut, t.Status);
                    Assert.Equal(1000, t.QueueMs, 6); // left exactly at the timeout
                }
            }
        }, iter: 20);
    }
}
