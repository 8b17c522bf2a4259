namespace Observatory.Grains.Tasks;

/// <summary>The grain storage provider that holds task state (PostgreSQL through ADO.NET in a silo).</summary>
public static class TaskStorage
{
    public const string Name = "tasks";
}
