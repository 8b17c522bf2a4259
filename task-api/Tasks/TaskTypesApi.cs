using Microsoft.AspNetCore.Http.HttpResults;
using Observatory.Gateway.Security;

namespace Observatory.Gateway.Tasks;

/// <summary>The task type endpoints under <c>/api/v1/task-types</c>.</summary>
public static class TaskTypesApi
{
    public static RouteGroupBuilder MapTaskTypesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/task-types").WithTags("Task types");
        group.MapGet("/", ListAsync).WithName("ListTaskTypes").RequireScope(ApiScopes.Read);
        return group;
    }

    public static async Task<Ok<TaskTypeList>> ListAsync(TaskTypeCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(new TaskTypeList(await catalog.GetTypesAsync(cancellationToken)));
}
