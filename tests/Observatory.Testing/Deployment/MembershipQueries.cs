namespace Observatory.Testing.Deployment;

/// <summary>Reads the Orleans membership table the ADO.NET clustering provider keeps in PostgreSQL.</summary>
public static class MembershipQueries
{
    /// <summary>Silos of one cluster whose status is Active (3 in Orleans' SiloStatus).</summary>
    public const string CountActiveSilos =
        "SELECT count(*) FROM orleans_membership WHERE deployment_id = @clusterId AND status = 3";
}
