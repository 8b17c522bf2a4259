namespace Observatory.LoadTest.Load;

/// <summary>An accepted task and when its request was meant to be sent (wall clock).</summary>
/// <remarks>
/// <para><c>Measured</c>: False for tasks sent during the warm-up.</para>
/// </remarks>
internal readonly record struct SubmittedTask(Guid Id, DateTimeOffset IntendedAt, bool Measured);
