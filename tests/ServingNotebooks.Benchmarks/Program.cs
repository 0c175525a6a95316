using ServingNotebooks.Benchmarks;

if (args.Contains("--quick"))
{
    QuickRun.Run(withSimPy: args.Contains("--simpy"));
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args);
