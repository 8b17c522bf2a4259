namespace Observatory.LoadTest.Metrics;

/// <summary>CPU used by one group of processes during the measured window.</summary>
/// <remarks>
/// <para><c>PercentOfOneCore</c>: CPU-seconds per wall-second × 100; 200 means two cores busy.</para>
/// </remarks>
internal sealed record ProcessCpu(string Process, int Pids, double CpuSeconds, double PercentOfOneCore);
