using System.Net.Http.Headers;
using System.Text;

namespace Observatory.IntegrationTests;

/// <summary>A malformed or hostile request: its kind, and how to build it (fresh for each send).</summary>
public sealed record HostileRequest(string Kind, Func<HttpRequestMessage>? Http, byte[]? Raw);

/// <summary>
/// Generates hostile requests to the gateway from a seeded random source, so a failing run can be
/// replayed: broken and deeply nested JSON, wrong types, unknown fields, invalid UTF-8, huge bodies,
/// wrong content types and methods, path traversal, garbage queries, header injection and bad framing.
/// </summary>
public static class HostileRequests
{
    private const string Valid = """{"type":"noop","payload":{},"tags":["fuzz"]}""";
    private static readonly string[] Fields = ["type", "payload", "tags", "maxAttempts", "runAt", "timeoutSeconds"];
    private static readonly string[] WrongValues = ["123", "\"\"", "null", "true", "[]", "{}", "-1", "1e999", "\"9999-99-99\"", "\"\\u0000\"", "[[[[]]]]", "0.5", "\"" + new string('x', 5000) + "\""];
    private static readonly string[] Methods = ["PUT", "DELETE", "PATCH", "TRACE"];
    private static readonly string[] Traversals =
    [
        "/api/v1/tasks/../../../../etc/passwd", "/api/v1/tasks/%2e%2e/%2e%2e/appsettings.json", "/api/v1/tasks/..%2f..%2f..%2fappsettings.json",
        "/api/v1/tasks/..%5c..%5cweb.config", "/api/v1/tasks/%00", "/api/v1/tasks/<script>alert(1)</script>", "/api/v1/tasks/" + new string('9', 3000),
        "//api/v1/tasks", "/api/v1/tasks/%ZZ", "/api/v1/./tasks/./", "/api/v1/tasks/\u00e9\u00e8", "/api/v1/tasks/00000000-0000-0000-0000-000000000000/../cancel",
    ];

    public static IEnumerable<HostileRequest> Generate(Random random, Uri gateway, string apiKey, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < count; i++)
        {
            yield return (random.Next(100)) switch
            {
                < 6 => Json("valid", "/api/v1/tasks", Encoding.UTF8.GetBytes(Valid), apiKey),
                < 16 => Json("broken-json", "/api/v1/tasks", Encoding.UTF8.GetBytes(Break(random, Valid)), apiKey),
                < 22 => Json("deep-nesting", "/api/v1/tasks", Encoding.UTF8.GetBytes(Nested(random.Next(65, 20_000))), apiKey),
                < 32 => Json("wrong-types", "/api/v1/tasks", Encoding.UTF8.GetBytes(WrongType(random)), apiKey),
                < 38 => Json("unknown-fields", "/api/v1/tasks", Encoding.UTF8.GetBytes(Valid.Insert(1, $"\"{Word(random)}\":{WrongValues[random.Next(WrongValues.Length)]},")), apiKey),
                < 44 => Json("invalid-utf8", "/api/v1/tasks", InvalidUtf8(random), apiKey),
                < 45 => Json("huge-body", "/api/v1/tasks", Encoding.UTF8.GetBytes("{\"type\":\"noop\",\"payload\":{\"blob\":\"" + new string('a', 1_100_000) + "\"}}"), apiKey),
                < 52 => WrongContentType(random, apiKey),
                < 58 => new HostileRequest("wrong-method", () => Keyed(new HttpRequestMessage(new HttpMethod(Methods[random.Next(Methods.Length)]), "/api/v1/tasks"), apiKey), null),
                < 66 => new HostileRequest("path-traversal", () => new HttpRequestMessage(HttpMethod.Get, Traversals[random.Next(Traversals.Length)]), null),
                < 76 => new HostileRequest("garbage-query", () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks?" + GarbageQuery(random)), null),
                < 84 => Json("batch-garbage", "/api/v1/tasks/batch", Encoding.UTF8.GetBytes(BatchGarbage(random)), apiKey),
                < 88 => new HostileRequest("command-on-nothing", () => Keyed(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{(random.Next(2) == 0 ? Guid.NewGuid().ToString() : Word(random))}/{(random.Next(2) == 0 ? "cancel" : "retry")}"), apiKey), null),
                < 94 => new HostileRequest("header-injection", null, HeaderInjection(random, gateway, apiKey)),
                _ => new HostileRequest("bad-framing", null, BadFraming(random, gateway, apiKey)),
            };
        }
    }

    private static HostileRequest Json(string kind, string path, byte[] body, string apiKey) =>
        new(kind, () => Keyed(new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(body, "application/json") }, apiKey), null);

    private static HostileRequest WrongContentType(Random random, string apiKey)
    {
        var type = new[] { "text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", null }[random.Next(5)];
        return new("wrong-content-type", () => Keyed(new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = Content(Encoding.UTF8.GetBytes(Valid), type) }, apiKey), null);
    }

    private static ByteArrayContent Content(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private static HttpRequestMessage Keyed(HttpRequestMessage request, string apiKey)
    {
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    private static string Break(Random random, string json) => random.Next(3) switch
    {
        0 => json[..random.Next(json.Length)],
        1 => json.Insert(random.Next(json.Length), new string((char)random.Next(33, 127), random.Next(1, 4))),
        _ => json.Remove(random.Next(json.Length), 1),
    };

    private static string Nested(int depth) =>
        """{"type":"noop","payload":""" + string.Concat(Enumerable.Repeat("""{"a":""", depth)) + "1" + new string('}', depth) + "}";

    private static string WrongType(Random random)
    {
        var field = Fields[random.Next(Fields.Length)];
        var value = WrongValues[random.Next(WrongValues.Length)];
        return field == "type" ? $$"""{"type":{{value}}}""" : $$"""{"type":"noop","{{field}}":{{value}}}""";
    }

    private static byte[] InvalidUtf8(Random random)
    {
        byte[][] bad = [[0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0x28], [0xFF], [0xED, 0xA0, 0x80]];
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"noop\",\"tags\":[\"");
        var suffix = Encoding.UTF8.GetBytes("\"]}");
        return [.. prefix, .. bad[random.Next(bad.Length)], .. suffix];
    }

    private static string GarbageQuery(Random random)
    {
        string[] names = ["limit", "cursor", "status", "type", "tag", "from", "to", Word(random)];
        string[] values = ["-1", "0", "99999999999999999999", "abc", "%00", "%FF%FE", "'or'1'='1", "2026-13-45", "../../", new string('z', 2000), "queued,running", "", "%ZZ"];
        return string.Join('&', Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"{names[random.Next(names.Length)]}={values[random.Next(values.Length)]}"));
    }

    private static string BatchGarbage(Random random) => random.Next(5) switch
    {
        0 => """{"tasks":{}}""",
        1 => """{"tasks":[]}""",
        2 => "{\"tasks\":[" + string.Join(',', Enumerable.Repeat("""{"type":"noop"}""", 1001)) + "]}",
        3 => """{"tasks":[1,"two",null,{"type":5},{"type":"noop","payload":[]}]}""",
        _ => "[" + Valid + "]",
    };

    private static byte[] HeaderInjection(Random random, Uri gateway, string apiKey)
    {
        string[] evil =
        [
            "X-Correlation-Id: abc\rX-Injected: yes", "X-Correlation-Id: abc\nX-Injected: yes", "Idempotency-Key: \u0001\u0002",
            "X-Correlation-Id: " + new string('c', 70_000), "X-Api-Key: key\u0000null", "Content-Type: application/json\r\nContent-Type: text/plain",
            "Transfer-Encoding: chunked, identity", "Host: evil.example", "X-Correlation-Id: \u00ff\u00fe",
        ];
        return RawRequest(gateway, "POST", "/api/v1/tasks", [$"X-Api-Key: {apiKey}", "Content-Type: application/json", evil[random.Next(evil.Length)]], Encoding.UTF8.GetBytes(Valid));
    }

    private static byte[] BadFraming(Random random, Uri gateway, string apiKey)
    {
        var body = Encoding.UTF8.GetBytes(Valid);
        return random.Next(4) switch
        {
            // Declares more than it sends, then closes.
            0 => Encoding.ASCII.GetBytes($"POST /api/v1/tasks HTTP/1.1\r\nHost: {gateway.Authority}\r\nX-Api-Key: {apiKey}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{Valid}"),
            1 => Encoding.ASCII.GetBytes($"POST /api/v1/tasks HTTP/1.1\r\nHost: {gateway.Authority}\r\nX-Api-Key: {apiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{Valid}\r\n0\r\n\r\n"),
            2 => Encoding.ASCII.GetBytes($"GARBAGE /api/v1/tasks HTTP/1.1\r\nHost: {gateway.Authority}\r\n\r\n"),
            _ => RawRequest(gateway, "POST", "/api/v1/tasks", [$"X-Api-Key: {apiKey}", "Content-Type: application/json", "Content-Length: -5"], body),
        };
    }

    private static byte[] RawRequest(Uri gateway, string method, string target, IEnumerable<string> headers, byte[] body) =>
        Infrastructure.RawHttp.Request(method, target, gateway.Authority, headers, body);

    private static string Word(Random random) => new([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'z' + 1))]);
}
