namespace Observatory.Dashboard;

/// <summary>Problem types only the dashboard answers with; the task API's are in <c>ProblemTypes</c>.</summary>
public static class DashboardProblemTypes
{
    public const string Antiforgery = "https://observatory.dev/problems/antiforgery";
}
