namespace Observatory.Database.ReadModel;

/// <summary>One page of the task list, newest first.</summary>
/// <param name="Items">At most <see cref="TaskQuery.Limit"/> tasks.</param>
/// <param name="NextCursor">
/// Pass as <see cref="TaskQuery.Cursor"/> to get the next page; <see langword="null"/> when this page is the last.
/// </param>
public sealed record TaskPage(IReadOnlyList<TaskSummary> Items, Guid? NextCursor);
