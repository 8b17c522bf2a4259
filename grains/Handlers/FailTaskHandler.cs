using System.Text.Json.Nodes;

namespace Observatory.Grains.Handlers;

/// <summary>
/// <c>fail</c>: fails every attempt, retryably by default or permanently with <c>permanent: true</c>, so
/// the retry, dead-letter and error-reporting paths can be exercised on demand.
/// </summary>
public sealed class FailTaskHandler : ITaskHandler
{
    private const int MaxMessageLength = 1000;
    private const string DefaultMessage = "The fail task failed on purpose.";

    public string TaskType => "fail";

    public string Description =>
        "Fails every attempt with the given message: retryably by default, or with permanent: true so the task ends without further attempts.";

    public string PayloadSchema => """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "message": {
              "description": "The error message the attempt reports.",
              "type": "string",
              "minLength": 1,
              "maxLength": 1000
            },
            "permanent": {
              "description": "True: retrying cannot help, so the task fails without further attempts. False: the failure is retryable.",
              "type": "boolean",
              "default": false
            }
          }
        }
        """;

    public ValueTask<JsonNode?> ExecuteAsync(TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Exception failure;
        try
        {
            var message = PayloadFields.Text(context.Payload, "message", MaxMessageLength) ?? DefaultMessage;
            failure = PayloadFields.Boolean(context.Payload, "permanent", fallback: false)
                ? new PermanentTaskFailureException(message)
                : new SimulatedTaskFailureException(message);
        }
        catch (TaskPayloadException exception)
        {
            failure = exception;
        }

        // Faulted rather than thrown, like any async handler, so callers see one way to fail.
        return ValueTask.FromException<JsonNode?>(failure);
    }
}
