using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Database.ReadModel;
using Observatory.Gateway.Http;
using Observatory.Tasks;
using Orleans.Configuration;
using Microsoft.Extensions.Options;

namespace Observatory.Gateway.Tasks;

public static partial class TasksApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>
    /// Lists tasks newest first from the read model (the task rows of PostgreSQL, written by the
    /// same statement that persists each transition), with keyset paging: a page never repeats or
    /// skips a task however many arrive while a client pages.
    /// </summary>
    internal static async Task<Results<Ok<TaskPageResource>, ProblemHttpResult>> ListAsync(
        HttpContext context, TaskReadModel readModel, IOptions<ClusterOptions> cluster,
        string? status, string? type, string? tag, string? from, string? to, string? cursor, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !TaskStateExtensions.TryParseContractName(status, out _))
        {
            errors["status"] = [$"Unknown status '{status}'. Known: {string.Join(", ", TaskStateExtensions.All.Select(s => s.ToContractName()))}."];
        }

        // The contract's own limits: a filter outside them matches nothing, and a NUL byte would
        // reach PostgreSQL as an encoding error (a 500) instead of a clear 400.
        if (type is not null && !IsFilterText(type))
        {
            errors["type"] = ["type must be 1 to 64 printable characters."];
        }

        if (tag is not null && !IsFilterText(tag))
        {
            errors["tag"] = ["tag must be 1 to 64 printable characters."];
        }

        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        Guid? after = null;
        if (cursor is not null)
        {
            if (TaskCursor.TryDecode(cursor, out var decoded))
            {
                after = decoded;
            }
            else
            {
                errors["cursor"] = ["The cursor is not one this API returned."];
            }
        }

        var pageSize = QueryParameters.ReadLimit(limit, DefaultPageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return QueryParameters.Invalid(context, errors);
        }

        var page = await readModel.ListAsync(
            new TaskQuery(cluster.Value.ServiceId) { Status = status, Type = type, Tag = tag, From = fromTime, To = toTime, Cursor = after, Limit = pageSize },
            cancellationToken);
        return TypedResults.Ok(new TaskPageResource(
            [.. page.Items.Select(i => new TaskSummaryResource(i.Id, i.Type, i.Status, i.Tags, i.Attempt, i.SubmittedAt, i.UpdatedAt))],
            page.NextCursor is { } next ? TaskCursor.Encode(next) : null));
    }

    /// <summary>Tasks per status, from the aggregate the read model keeps, never a table scan.</summary>
    internal static async Task<Ok<TaskCountsResource>> CountAsync(TaskReadModel readModel, IOptions<ClusterOptions> cluster, CancellationToken cancellationToken)
    {
        var counts = await readModel.CountByStatusAsync(cluster.Value.ServiceId, cancellationToken);
        return TypedResults.Ok(new TaskCountsResource(TaskStateExtensions.All.ToDictionary(s => s.ToContractName(), s => counts.GetValueOrDefault(s.ToContractName()))));
    }

    private static bool IsFilterText(string value) =>
        value.Length is >= 1 and <= 64 && !value.Any(char.IsControl);

    private static DateTimeOffset? ParseTime(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[name] = [$"{name} must be an RFC 3339 date-time, e.g. 2026-11-27T10:00:00Z."];
        return null;
    }
}

/// <summary>The <c>task-page.json</c> contract.</summary>
public sealed record TaskPageResource(IReadOnlyList<TaskSummaryResource> Items, string? NextCursor);

/// <summary>One task in a list page.</summary>
public sealed record TaskSummaryResource(Guid Id, string Type, string Status, IReadOnlyList<string> Tags, int Attempt, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt);

/// <summary>The <c>task-counts.json</c> contract.</summary>
public sealed record TaskCountsResource(IReadOnlyDictionary<string, long> Counts);
