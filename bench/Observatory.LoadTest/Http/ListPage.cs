namespace Observatory.LoadTest.Http;

/// <summary>One GET /api/v1/tasks page: how many items it held and the cursor to the next page.</summary>
internal sealed record ListPage(int Items, string? NextCursor);
