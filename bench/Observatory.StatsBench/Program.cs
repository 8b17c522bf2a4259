using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Observatory.StatsBench.AggregatorBenchmarks).Assembly).Run(args);
