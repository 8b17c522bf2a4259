namespace Observatory.Contracts;

/// <summary>The published contracts, one per file in <c>contracts/schemas/</c>.</summary>
public enum ContractName
{
    /// <summary><c>task-submission.json</c>: body of <c>POST /api/v1/tasks</c>.</summary>
    TaskSubmission,

    /// <summary><c>task.json</c>: the task resource of <c>GET /api/v1/tasks/{id}</c>.</summary>
    Task,

    /// <summary><c>task-accepted.json</c>: the 202 body of <c>POST /api/v1/tasks</c>.</summary>
    TaskAccepted,

    /// <summary><c>event-envelope.json</c>: every lifecycle event on the bus.</summary>
    EventEnvelope,

    /// <summary><c>problem-details.json</c>: every HTTP error body (RFC 9457).</summary>
    ProblemDetails,

    /// <summary><c>task-batch-submission.json</c>: body of <c>POST /api/v1/tasks/batch</c>.</summary>
    TaskBatchSubmission,

    /// <summary><c>task-batch-result.json</c>: the 200 body of <c>POST /api/v1/tasks/batch</c>.</summary>
    TaskBatchResult,

    /// <summary><c>task-page.json</c>: one page of <c>GET /api/v1/tasks</c>.</summary>
    TaskPage,

    /// <summary><c>task-counts.json</c>: the body of <c>GET /api/v1/tasks/counts</c>.</summary>
    TaskCounts,

    /// <summary><c>task-types.json</c>: the body of <c>GET /api/v1/task-types</c>.</summary>
    TaskTypes,

    /// <summary><c>stats.json</c>: the body of <c>GET /api/v1/stats</c>.</summary>
    Stats,

    /// <summary><c>stats-history.json</c>: the body of <c>GET /api/v1/stats/history</c>.</summary>
    StatsHistory,

    /// <summary><c>cluster.json</c>: the body of <c>GET /api/v1/cluster</c>.</summary>
    Cluster,

    /// <summary><c>alertmanager-webhook.json</c>: body of <c>POST /api/v1/alerts/webhook</c> (Alertmanager's payload v4).</summary>
    AlertmanagerWebhook,

    /// <summary><c>alert-list.json</c>: the body of <c>GET /api/v1/alerts</c>.</summary>
    AlertList,

    /// <summary><c>event-page.json</c>: one page of <c>GET /api/v1/events</c>, the lifecycle event archive.</summary>
    EventPage,
    /// <summary><c>retry-matching-result.json</c>: the body of the dashboard's <c>POST /api/v1/tasks/retry-matching</c>.</summary>
    RetryMatchingResult,

    /// <summary><c>live-task-batch.json</c>: a <c>tasks</c> event of the dashboard's <c>GET /live/events</c>.</summary>
    LiveTaskBatch,

    /// <summary><c>live-stats.json</c>: a <c>stats</c> event of the dashboard's <c>GET /live/events</c>.</summary>
    LiveStats,

    /// <summary><c>dashboard-session.json</c>: the body of the dashboard's <c>GET /auth/session</c>.</summary>
    DashboardSession,

    /// <summary><c>dashboard.json</c>: the body of the dashboard's <c>GET /api/v1/dashboard</c>.</summary>
    Dashboard,
}
