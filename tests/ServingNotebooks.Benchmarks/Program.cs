using ServingNotebooks.Benchmarks;

if (args.Contains("--sample-trace"))
{
    Environment.ExitCode = SampleTrace.Write(checkOnly: args.Contains("--check")) ? 0 : 1;
    return;
}

if (args.Contains("--quick"))
{
    QuickRun.Run(withSimPy: args.Contains("--simpy"));
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args);
